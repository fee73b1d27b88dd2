"""The trust loop in Chromium, in French and in Arabic: from the evidence of a milestone to
the money a donor can follow.

A funded project holds a donor's captured gift in escrow. Its owner sends the evidence of
the first milestone (a located camera photo, an invoice, the acceptance record); a ministry
reviewer verifies it; a treasurer, another person, releases the tranche. The outbox is then
delivered over SMTP to a real mail server, where the donor's mail waits in the donor's
language. The donor follows the money on the dashboard and downloads the receipt; anyone
sees the released milestone, its photo and the people who answered for it on the project's
page and in its IATI file; and the ledger still holds.

Every label, button and sentence looked for is taken from the catalog of the run's language.
"""

from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

import pyotp
import pytest
from lxml import etree
from playwright.sync_api import expect
from pypdf import PdfReader

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.notifications.delivery import deliver_pending
from tests.e2e.evidence import NARRATIVE, milestone_heading, owner_sends_the_evidence
from tests.e2e.in_language import (
    BROWSER_LOCALES,
    DIRECTIONS,
    Catalog,
    assert_page_language,
    log_in,
)
from tests.e2e.support import Account, TotpDevice
from tests.factories import DEFAULT_PASSWORD, OrganisationFactory, OwnerFactory, UserFactory
from tests.factories import ReviewerFactory as MinistryReviewerFactory
from tests.factories.milestones import (
    FundedProjectFactory,
    TreasurerFactory,
    give,
)

pytestmark = pytest.mark.e2e

GIFT_MAD = 12_000_000
#: A transfer reference is recorded for one tranche only: each run has its own.
BANK_REFERENCES = {"fr": "TGR-2026-000417", "ar": "TGR-2026-000418"}

#: IATI TransactionType 3: a disbursement.
IATI_DISBURSEMENT = "3"


@dataclass(frozen=True)
class TrustLoop:
    """Who takes part in one run, and what they act on."""

    language: str
    slug: str
    title: str
    first_milestone: str
    second_milestone: str
    tranche: int
    pledge_id: int
    receipt_number: str
    owner: Account
    reviewer: Account
    treasurer: Account
    donor: Account


def _with_authenticator(user):
    secret = pyotp.random_base32()
    user.totp_secret = secret
    return TotpDevice(secret)


def _account(user, authenticator=None):
    return Account(
        email=user.email,
        password=DEFAULT_PASSWORD,
        name=user.name,
        affiliation=user.affiliation,
        authenticator=authenticator,
    )


@pytest.fixture
def trust_loop(mailing_server, language):
    """A funded project of 120,000 MAD in two milestones whose escrow holds one donor's gift
    (captured by the payment service, which queues the confirmation and issues the
    receipt), its organisation's owner, a reviewer and a treasurer: all speak `language`."""
    app = mailing_server.app
    with app.test_request_context(base_url=mailing_server.url):
        owner = OwnerFactory(
            email=f"owner.{language}@tighmert.ma", name="Fatima Zahra Ait Lahcen", locale=language
        )
        project = FundedProjectFactory(
            organisation=OrganisationFactory(created_by=owner),
            slug=f"puits-tighmert-{language}",
            title=f"Puits solaire de Tighmert ({language})",
        )
        reviewer = MinistryReviewerFactory(
            email=f"reviewer.{language}@finances.gov.ma", name="Nadia Berrada", locale=language
        )
        treasurer = TreasurerFactory(
            email=f"treasurer.{language}@tgr.gov.ma", name="Omar Alaoui", locale=language
        )
        donor = UserFactory(
            email=f"donor.{language}@example.fr", name="Amina El Idrissi", locale=language
        )
        reviewer_codes = _with_authenticator(reviewer)
        treasurer_codes = _with_authenticator(treasurer)
        pledge = give(project, donor, GIFT_MAD)
        loop = TrustLoop(
            language=language,
            slug=project.slug,
            title=project.title,
            first_milestone=project.milestones[0].title,
            second_milestone=project.milestones[1].title,
            tranche=project.milestones[0].amount,
            pledge_id=pledge.id,
            receipt_number=pledge.receipt.number,
            owner=_account(owner),
            reviewer=_account(reviewer, reviewer_codes),
            treasurer=_account(treasurer, treasurer_codes),
            donor=_account(donor),
        )
        db.session.commit()
        db.session.remove()
    return loop


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_evidence_verification_release_mail_receipt_and_open_data(
    language, trust_loop, mailing_server, smtp_sink, new_context, shot, tmp_path
):
    app = mailing_server.app
    catalog = Catalog(app, language)

    def browser_page():
        context = new_context(base_url=mailing_server.url, locale=BROWSER_LOCALES[language])
        return context.new_page()

    owner = browser_page()
    log_in(owner, trust_loop.owner, catalog)
    owner_sends_the_evidence(
        owner, trust_loop.slug, trust_loop.first_milestone, catalog, tmp_path, shot
    )

    ministry = browser_page()
    log_in(ministry, trust_loop.reviewer, catalog)
    reviewer_verifies_the_evidence(ministry, trust_loop, catalog, shot)

    treasury = browser_page()
    log_in(treasury, trust_loop.treasurer, catalog)
    treasurer_releases_the_tranche(treasury, trust_loop, catalog, shot)

    donor = browser_page()
    donor_receives_the_mail(donor, mailing_server, smtp_sink, trust_loop, catalog, shot)
    log_in(donor, trust_loop.donor, catalog)
    donor_follows_the_money_and_downloads_the_receipt(donor, trust_loop, catalog, shot)

    visitor = browser_page()
    visitor_sees_the_released_milestone(visitor, trust_loop, catalog, shot)
    iati_file_records_the_disbursement(visitor, trust_loop, shot)

    # What `flask ledger check` runs, on the served application's database (the CLI runner
    # would run it on the application of the test session, already in context).
    with app.app_context():
        assert check_ledger() == []
        db.session.remove()


def reviewer_verifies_the_evidence(page, loop, catalog, shot):
    _ = catalog._
    page.get_by_role("link", name=_("Review queue")).click()
    waiting = page.get_by_role("region", name=_("Milestone evidence to verify"), exact=False)
    entry = waiting.get_by_role("listitem").filter(has_text=loop.title)
    shot(page, "reviewer sees the evidence in the queue")
    entry.get_by_role("link", name=milestone_heading(catalog, 1, loop.first_milestone)).click()

    expect(page.get_by_role("heading", level=1, name=_("Milestone evidence"))).to_be_visible()
    expect(page.get_by_text(NARRATIVE.split("\n")[0])).to_be_visible()
    shot(page, "reviewer examines the evidence")
    page.get_by_role("button", name=_("Verify the evidence")).click()

    expect(
        page.get_by_text(_("The evidence is verified: a treasurer can now release the funds."))
    ).to_be_visible()
    shot(page, "reviewer has verified the evidence")


def treasurer_releases_the_tranche(page, loop, catalog, shot):
    _ = catalog._
    page.get_by_role("link", name=_("Treasury")).click()
    waiting = page.get_by_role("region", name=_("Tranches to release"), exact=False)
    entry = waiting.get_by_role("listitem").filter(has_text=loop.title)
    expect(entry).to_contain_text(loop.reviewer.name)
    entry.get_by_role("link", name=milestone_heading(catalog, 1, loop.first_milestone)).click()

    expect(page.get_by_role("heading", level=1, name=_("Release a tranche"))).to_be_visible()
    amount = page.get_by_label(_("Amount to release (MAD)"))
    assert Decimal(amount.input_value().replace(",", ".")) == Decimal(loop.tranche) / 100
    page.get_by_label(_("Bank transfer reference")).fill(BANK_REFERENCES[loop.language])
    shot(page, "treasurer fills in the release")
    page.get_by_role("button", name=_("Release the tranche")).click()

    released = _(
        "%(amount)s released for “%(milestone)s”; the donors are told.",
        amount=catalog.mad(loop.tranche),
        milestone=loop.first_milestone,
    )
    expect(page.get_by_text(released)).to_be_visible()
    shot(page, "treasurer has released the tranche")


def donor_receives_the_mail(page, server, smtp_sink, loop, catalog, shot):
    """The outbox is delivered as the periodic job delivers it; the SMTP server has the mail,
    whose HTML part the donor's browser shows."""
    _ = catalog._
    with server.app.app_context():
        report = deliver_pending()
        db.session.remove()
    assert report.retrying == report.given_up == 0, str(report)

    # A long subject is folded after "Subject:"; the parser keeps the fold's space, which
    # mail programs drop.
    received = {
        message["Subject"].strip(): message
        for message in smtp_sink.received()
        if message["To"] == loop.donor.email
    }
    released_subject = _(
        "%(project)s: funds released for “%(milestone)s”",
        project=loop.title,
        milestone=loop.first_milestone,
    )
    confirmed_subject = _("Your gift to %(project)s is confirmed", project=loop.title)
    assert set(received) == {released_subject, confirmed_subject}

    released = received[released_subject]
    text = released.get_body(("plain",)).get_content()
    html = released.get_body(("html",)).get_content()
    assert _("Hello %(name)s,", name=loop.donor.name) in text
    assert loop.reviewer.name in text
    assert catalog.money(loop.tranche) in text
    assert (
        _("The photos of the work, with where and when they were taken, are on the project's page:")
        in text
    )
    assert f"/projects/{loop.slug}" in text
    assert f'lang="{loop.language}"' in html
    assert f'dir="{DIRECTIONS[loop.language]}"' in html

    confirmed = received[confirmed_subject].get_body(("plain",)).get_content()
    assert f"/pledges/{loop.pledge_id}" in confirmed

    page.set_content(html)
    expect(page.get_by_text(loop.reviewer.name, exact=False).first).to_be_visible()
    shot(page, "donor reads the mail of the release")


def donor_follows_the_money_and_downloads_the_receipt(page, loop, catalog, shot):
    _ = catalog._
    page.goto("/dashboard")
    assert_page_language(page, loop.language)
    expect(page.get_by_role("heading", level=1, name=_("My giving"))).to_be_visible()

    where = page.get_by_role("region", name=_("Where my money is"))
    project = where.get_by_role("article", name=loop.title)
    expect(project).to_be_visible()
    first = project.get_by_role("row").filter(has_text=loop.first_milestone)
    expect(first).to_contain_text(_("Funds released"))
    expect(first).to_contain_text(catalog.money(loop.tranche))
    second = project.get_by_role("row").filter(has_text=loop.second_milestone)
    expect(second).not_to_contain_text(_("Funds released"))
    shot(page, "donor follows the money on the dashboard")

    pledges = page.get_by_role("region", name=_("My pledges"))
    link = pledges.get_by_role("link", name=_("Receipt %(number)s", number=loop.receipt_number))
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    text = "".join(page_.extract_text() for page_ in PdfReader(BytesIO(body)).pages)
    assert loop.receipt_number in text


def visitor_sees_the_released_milestone(page, loop, catalog, shot):
    _ = catalog._
    page.goto(f"/projects/{loop.slug}")
    assert_page_language(page, loop.language)
    milestones = page.get_by_role("region", name=_("Released milestone by milestone"))
    first = milestones.get_by_role(
        "article", name=milestone_heading(catalog, 1, loop.first_milestone)
    )
    expect(first).to_contain_text(_("Funds released"))
    expect(first.locator(".milestone-verified")).to_contain_text(loop.reviewer.name)
    expect(first.locator(".milestone-released")).to_contain_text(loop.treasurer.name)
    expect(first.locator(".milestone-released")).to_contain_text(catalog.money(loop.tranche))
    photo = first.get_by_role(
        "img",
        name=_(
            "Photo %(number)d of %(count)d of “%(milestone)s”",
            number=1,
            count=1,
            milestone=loop.first_milestone,
        ),
    )
    photo.scroll_into_view_if_needed()
    expect(photo).to_be_visible()
    assert photo.evaluate("image => image.complete && image.naturalWidth") == 640
    second = milestones.get_by_role(
        "article", name=milestone_heading(catalog, 2, loop.second_milestone)
    )
    expect(second).to_contain_text(_("Planned"))
    expect(page.get_by_text(BANK_REFERENCES[loop.language])).to_have_count(0)
    shot(page, "visitor sees the released milestone")


def iati_file_records_the_disbursement(page, loop, shot):
    response = page.goto(f"/projects/{loop.slug}/iati.xml")
    assert response.ok
    shot(page, "visitor opens the IATI file")
    activity = etree.fromstring(response.body())
    disbursements = [
        transaction
        for transaction in activity.iter("transaction")
        if transaction.find("transaction-type").get("code") == IATI_DISBURSEMENT
    ]
    assert len(disbursements) == 1
    value = disbursements[0].find("value")
    assert Decimal(value.text) == Decimal(loop.tranche) / 100
    assert value.get("currency") == "MAD"
