"""A diaspora donor's whole journey in Chromium, in French and in Arabic.

A donor whose browser speaks the run's language creates an account and confirms the
address from the mail; browses the catalogue and filters it by region; gives in euros to
a vetted project, sees the match before paying, and passes 3-D Secure in localstripe's
Stripe.js; receives the confirmation mail with the receipt and downloads the receipt;
follows the project; and, once the campaign has closed and the ministry has released the
first tranche, sees the release on the dashboard.

Every label, button and sentence looked for is taken from the catalog of the run's language.
"""

import itertools
import re
from datetime import timedelta
from io import BytesIO

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from pypdf import PdfReader

from crowdfund.extensions import db
from crowdfund.geography.models import Commune
from crowdfund.ledger.checks import check_ledger
from crowdfund.milestones.release import release_tranche
from crowdfund.notifications.delivery import deliver_pending
from crowdfund.payments import get_gateway
from crowdfund.pledges.models import Pledge
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import Project
from crowdfund.timeutil import today
from tests.e2e.axe import add_axe, blocking_violations, describe
from tests.e2e.in_language import BROWSER_LOCALES, Catalog, assert_page_language, log_in
from tests.e2e.support import (
    Account,
    link_in,
    record_euro_rate_of_today,
    scroll_width,
    wait_for_mail,
)
from tests.factories import ProjectFactory
from tests.factories.matching import MatchingFundFactory
from tests.factories.milestones import TreasurerFactory, VerifiedEvidenceFactory

pytestmark = pytest.mark.e2e

CARD_3DS = "4000002500003155"
#: 50 EUR at 10.85 MAD for one euro.
GIFT_MAD = 542_50
PHONE = {"width": 390, "height": 844}
PASSWORD = "a sunny afternoon in Lyon"
COMMUNE_CODE = "C0001"
#: The campaign closes soon: settling it touches no other test's project (theirs end later).
CAMPAIGN_DAYS = 10

_runs = itertools.count(1)


@pytest.fixture(scope="module")
def matching_fund(payments_server):
    """Today's euro rate, and a 1:1 matching fund for every project; returns its name."""
    with payments_server.app.app_context():
        record_euro_rate_of_today()
        name = MatchingFundFactory(name="Fonds de contrepartie MRE").name
        db.session.commit()
        db.session.remove()
    return name


@pytest.fixture
def journey_project(payments_server, matching_fund, language):
    """A live flexible project of 1,000 MAD in two milestones, which the matching fund
    matches; returns (slug, title, region code, fund name)."""
    app = payments_server.app
    with app.app_context():
        commune = db.session.scalar(sa.select(Commune).filter_by(code=COMMUNE_CODE))
        project = ProjectFactory(
            title=f"École de Tnirt ({language})",
            slug=f"ecole-tnirt-{language}",
            goal_amount=1_000_00,
            commune=commune,
            end_date=today() + timedelta(days=CAMPAIGN_DAYS),
        )
        described = (project.slug, project.title, commune.province.region.code, matching_fund)
        db.session.commit()
        db.session.remove()
    return described


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_donor_signs_up_gives_with_3d_secure_and_follows_the_money(
    language, journey_project, payments_server, new_context, shot
):
    slug, title, region, fund = journey_project
    catalog = Catalog(payments_server.app, language)
    number = next(_runs)
    donor = Account(
        email=f"amina.{language}.{number}@example.fr", password=PASSWORD, name="Amina El Idrissi"
    )
    page = new_context(
        base_url=payments_server.url, locale=BROWSER_LOCALES[language], viewport=PHONE
    ).new_page()

    donor_signs_up_and_confirms_the_address(page, payments_server, donor, catalog, shot)
    log_in(page, donor, catalog)
    donor_finds_the_project_by_its_region(page, title, region, catalog, shot)
    pledge_url = donor_gives_with_3d_secure(page, fund, catalog, shot)
    donor_receives_the_receipt(page, payments_server, donor, title, pledge_url, catalog, shot)
    donor_follows_the_project(page, slug, catalog, shot)

    tranche = ministry_releases_the_first_tranche(payments_server, slug)
    donor_sees_the_release_on_the_dashboard(page, title, tranche, catalog, shot)

    with payments_server.app.app_context():
        assert check_ledger() == []
        db.session.remove()


def donor_signs_up_and_confirms_the_address(page, server, donor, catalog, shot):
    _ = catalog._
    page.goto("/")
    assert_page_language(page, catalog.language)
    page.get_by_role("link", name=_("Create an account")).click()
    expect(page.get_by_role("heading", name=_("Create an account"))).to_be_visible()
    page.get_by_label(_("Full name")).fill(donor.name)
    page.get_by_label(_("Email address")).fill(donor.email)
    page.get_by_label(_("Password"), exact=True).fill(donor.password)
    page.get_by_label(_("Repeat the password")).fill(donor.password)
    page.get_by_label(_("Country of residence")).select_option("FR")
    expect(page.get_by_label(_("Preferred language"))).to_have_value(catalog.language)
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "donor fills in the sign-up form")
    page.get_by_role("button", name=_("Create my account")).click()
    expect(page.get_by_role("heading", name=_("Check your inbox"))).to_be_visible()

    message = wait_for_mail(server.outbox, donor.email, _("Confirm your email address"))
    page.goto(link_in(message, "/account/verify/"))
    expect(page.get_by_text(_("Confirm that %(email)s is your email address.", email=donor.email)))
    page.get_by_role("button", name=_("Confirm my address")).click()
    expect(page.get_by_text(_("Thank you: your email address is confirmed."))).to_be_visible()
    shot(page, "donor has confirmed the address")


def donor_finds_the_project_by_its_region(page, title, region, catalog, shot):
    _ = catalog._
    page.goto("/")
    filters = page.get_by_role("search")
    filters.get_by_text(_("Place, sector and goal")).click()
    filters.get_by_label(_("Region")).select_option(region)
    filters.get_by_role("button", name=_("Show projects")).click()
    expect(page).to_have_url(re.compile(r"[?&]region=R\d+"))
    card = page.get_by_role("article").filter(has_text=title)
    expect(card).to_be_visible()
    expect(card).to_contain_text(_("Vetted"))
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "donor filters the catalogue by region")
    card.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def donor_gives_with_3d_secure(page, fund, catalog, shot):
    """50 EUR, the quote and its match read before paying, then a card asking for 3-D Secure;
    returns the pledge's address."""
    _ = catalog._
    page.get_by_role("link", name=_("Give to this project")).click()
    page.get_by_label(_("Currency")).select_option("EUR")
    page.get_by_label(_("Amount"), exact=True).fill("50")
    quote = page.locator("#quote")
    expect(quote).to_contain_text("Bank Al-Maghrib reference rate")
    match = _(
        "Your %(gift)s becomes %(total)s with the %(fund)s.",
        gift=catalog.money_whole(GIFT_MAD),
        total=catalog.money_whole(2 * GIFT_MAD),
        fund=fund,
    )
    expect(quote.locator(".match-note")).to_have_text(match)
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "donor reads the quote and the match")
    add_axe(page.context)
    page.get_by_role("button", name=_("Continue to payment")).click()

    card = page.locator("#card-element")
    expect(card.locator("input[placeholder=number]")).to_be_visible()
    # The card's fields are Stripe's (an iframe of Stripe's in production): the rest is ours.
    violations = blocking_violations(page, exclude=["#card-element"])
    assert not violations, describe(page.url, violations)
    card.locator("input[placeholder=number]").fill(CARD_3DS)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("69001")
    pay = _("Pay %(amount)s", amount="\0").split("\0")[0].strip()
    page.get_by_role("button", name=re.compile("^" + re.escape(pay))).click()
    # localstripe's dialog plays the bank, in its own language: once for saving the card,
    # once for the payment.
    page.get_by_role("button", name="Complete authentication").click()
    expect(page.get_by_role("heading", name=_("Complete your payment"))).to_be_visible()
    shot(page, "the bank asks for 3-D Secure")
    page.get_by_role("button", name="Complete authentication").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "captured")
    expect(page.get_by_text(_("Paid. Thank you!"))).to_be_visible()
    shot(page, "donor has paid")
    return page.url


def donor_receives_the_receipt(page, server, donor, title, pledge_url, catalog, shot):
    """The confirmation mail, delivered by the periodic job, links the pledge and its receipt;
    the receipt is a PDF carrying its number."""
    _ = catalog._
    with server.app.app_context():
        deliver_pending()
        pledge_id = int(pledge_url.rstrip("/").rsplit("/", 1)[1])
        receipt_number = db.session.get(Pledge, pledge_id).receipt.number
        db.session.remove()
    message = wait_for_mail(
        server.outbox, donor.email, _("Your gift to %(project)s is confirmed", project=title)
    )
    assert f"/pledges/{pledge_id}" in message.body
    receipt_link = link_in(message, f"/pledges/{pledge_id}/receipt")

    response = page.request.get(receipt_link)
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    text = "".join(each.extract_text() for each in PdfReader(BytesIO(response.body())).pages)
    assert receipt_number in text

    page.goto(pledge_url)
    expect(page.get_by_text(_("Receipt %(number)s, PDF", number=receipt_number))).to_be_visible()
    shot(page, "donor finds the receipt on the pledge")


def donor_follows_the_project(page, slug, catalog, shot):
    _ = catalog._
    page.goto(f"/projects/{slug}")
    page.get_by_role("button", name=_("Follow this project")).click()
    expect(page.get_by_role("button", name=_("Stop following"))).to_be_visible()
    shot(page, "donor follows the project")


def ministry_releases_the_first_tranche(server, slug):
    """The campaign closes, a reviewer has verified the first milestone's evidence and a
    treasurer releases its tranche (their own journeys drive these pages); returns it."""
    with server.app.test_request_context(base_url=server.url):
        project = db.session.scalar(sa.select(Project).filter_by(slug=slug))
        settle_due_campaigns(get_gateway(), today=project.end_date + timedelta(days=1))
        milestone = project.milestones[0]
        evidence = VerifiedEvidenceFactory(project=project, milestone=milestone)
        release_tranche(evidence, TreasurerFactory(), milestone.amount, f"TGR-{slug}")
        tranche = milestone.amount
        db.session.commit()
        db.session.remove()
    return tranche


def donor_sees_the_release_on_the_dashboard(page, title, tranche, catalog, shot):
    _ = catalog._
    page.goto("/dashboard")
    expect(page.get_by_role("heading", level=1, name=_("My giving"))).to_be_visible()
    where = page.get_by_role("region", name=_("Where my money is"))
    project = where.get_by_role("article", name=title)
    first = project.get_by_role("row").filter(has_text="Borehole drilled")
    expect(first).to_contain_text(_("Funds released"))
    expect(first).to_contain_text(catalog.money(tranche))
    assert scroll_width(page) <= PHONE["width"]
    shot(page, "donor sees the release on the dashboard")
