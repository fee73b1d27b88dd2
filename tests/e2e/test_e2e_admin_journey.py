"""An administrator's journey in Chromium, in French and in Arabic: an exchange rate and a
matching fund, and what a donor then sees.

The administrator logs in with a second factor, records today's rate of a currency, and
creates a matching fund for one region with a ratio, a pool and caps. A donor living
abroad then opens the pledge form of a project of that region: the quote converts the
gift at the new rate and shows the new fund's match.

Every label, button and sentence looked for is taken from the catalog of the run's language.
"""

from datetime import timedelta
from decimal import Decimal

import pyotp
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from crowdfund.extensions import db
from crowdfund.geography.models import Commune
from crowdfund.timeutil import today
from tests.e2e.in_language import BROWSER_LOCALES, Catalog, log_in
from tests.e2e.support import Account, TotpDevice, assert_fits_a_phone, create_account
from tests.factories import DEFAULT_PASSWORD, AdminFactory, ProjectFactory

pytestmark = pytest.mark.e2e

#: Each run records its own currency: a currency has one rate per day.
RATES = {"fr": ("EUR", "10.85"), "ar": ("GBP", "12.60")}
#: Each run's fund adds more than the one before, so that the donor's quote shows it.
RATIOS = {"fr": (2, 1), "ar": (3, 1)}
COMMUNE_NAME = "Amizmiz"
GIFT = 100


@pytest.fixture
def admin_journey(live_server, language):
    """An administrator speaking `language` with an authenticator, a live project in
    Amizmiz, and the region's name in `language`."""
    with live_server.app.app_context():
        admin = AdminFactory(
            email=f"salma.{language}@twiza.ma", name="Salma Idrissi", locale=language
        )
        secret = pyotp.random_base32()
        admin.totp_secret = secret
        commune = db.session.scalar(sa.select(Commune).filter_by(name_fr=COMMUNE_NAME))
        project = ProjectFactory(
            commune=commune, title=f"Piste rurale d'Amizmiz ({language})", slug=f"piste-{language}"
        )
        journey = {
            "admin": Account(
                email=admin.email,
                password=DEFAULT_PASSWORD,
                name=admin.name,
                authenticator=TotpDevice(secret),
            ),
            "slug": project.slug,
            "region": commune.province.region.name_in(language),
        }
        db.session.commit()
        db.session.remove()
    return journey


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_admin_sets_a_rate_and_creates_a_matching_fund_that_donors_see(
    language, admin_journey, live_server, new_context, shot
):
    catalog = Catalog(live_server.app, language)
    currency, rate = RATES[language]
    fund = f"Fonds Amizmiz {RATIOS[language][0]}:{RATIOS[language][1]}"

    admin = new_context(locale=BROWSER_LOCALES[language]).new_page()
    log_in(admin, admin_journey["admin"], catalog)
    admin_records_a_rate(admin, currency, rate, catalog, shot)
    admin_creates_a_matching_fund(admin, fund, RATIOS[language], admin_journey, catalog, shot)

    donor = create_account(
        live_server,
        email=f"karim.{language}@example.be",
        password="waffles in Brussels",
        name="Karim Bennani",
        locale=language,
    )
    page = new_context(locale=BROWSER_LOCALES[language]).new_page()
    log_in(page, donor, catalog)
    donor_sees_the_rate_and_the_match(page, admin_journey["slug"], currency, rate, fund, catalog)
    assert_fits_a_phone(page, "donor sees the new fund's match on a phone", shot)


def admin_records_a_rate(page, currency, rate, catalog, shot):
    _ = catalog._
    page.get_by_role("link", name=_("Administration")).click()
    page.get_by_role("link", name=_("Exchange rates")).click()
    form = page.get_by_role("region", name=_("Record a rate"))
    form.get_by_label(_("Currency")).select_option(currency)
    form.get_by_label(_("MAD for one unit")).fill(rate)
    form.get_by_label(_("Source")).fill("Bank Al-Maghrib, cours de référence")
    shot(page, "admin fills in the rate")
    form.get_by_role("button", name=_("Record the rate")).click()

    in_force = page.get_by_role("region", name=_("Rates in force"))
    row = in_force.get_by_role("row").filter(has_text=currency)
    expect(row).to_contain_text("Bank Al-Maghrib, cours de référence")
    expect(row).to_contain_text("Salma Idrissi")
    shot(page, "admin has recorded the rate")


def admin_creates_a_matching_fund(page, fund, ratio, journey, catalog, shot):
    _ = catalog._
    page.get_by_role("link", name=_("Matching funds")).click()
    page.get_by_role("link", name=_("New matching fund")).click()
    page.get_by_label(_("Name of the fund")).fill(fund)
    page.get_by_label(_("Sponsor"), exact=True).fill("Conseil régional")
    page.get_by_label(_("Ratio"), exact=True).fill(f"{ratio[0]}:{ratio[1]}")
    page.get_by_label(_("Pool (MAD)")).fill("250000")
    page.get_by_label(_("Cap per project (MAD)")).fill("50000")
    page.get_by_label(_("Cap per pledge (MAD)")).fill("10000")
    page.get_by_label(_("First day")).fill(today().isoformat())
    page.get_by_label(_("Last day")).fill((today() + timedelta(days=90)).isoformat())
    regions = page.get_by_role("group", name=_("Regions"))
    regions.get_by_role("checkbox", name=journey["region"], exact=True).check()
    shot(page, "admin fills in the matching fund")
    page.get_by_role("button", name=_("Create the fund")).click()

    expect(page.get_by_text(_("%(name)s has been created.", name=fund))).to_be_visible()
    created = page.get_by_role("article", name=fund)
    expect(created).to_contain_text(_("Matching pledges"))
    expect(created).to_contain_text(f"{ratio[0]}:{ratio[1]}")
    expect(created).to_contain_text(journey["region"])
    shot(page, "admin sees the new fund")


def donor_sees_the_rate_and_the_match(page, slug, currency, rate, fund, catalog):
    _ = catalog._
    gift_mad = int(GIFT * Decimal(rate) * 100)
    numerator, denominator = (int(term) for term in fund.rsplit(" ", 1)[1].split(":"))
    page.goto(f"/projects/{slug}")
    page.get_by_role("link", name=_("Give to this project")).click()
    page.get_by_label(_("Currency")).select_option(currency)
    page.get_by_label(_("Amount"), exact=True).fill(str(GIFT))
    quote = page.locator("#quote")
    expect(quote).to_contain_text("Bank Al-Maghrib, cours de référence")
    match = _(
        "Your %(gift)s becomes %(total)s with the %(fund)s.",
        gift=catalog.money_whole(gift_mad),
        total=catalog.money_whole(gift_mad + gift_mad * numerator // denominator),
        fund=fund,
    )
    expect(quote.locator(".match-note")).to_have_text(match)
