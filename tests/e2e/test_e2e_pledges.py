"""Donors pay in Chromium through Stripe.js against localstripe, in both funding models.

4242 4242 4242 4242 succeeds, 4000 0000 0000 0341 is declined when charged, and
4000 0025 0000 3155 asks for 3-D Secure (localstripe shows its own dialog, whose
"Complete authentication" button plays the bank). All-or-nothing cards are
saved, then charged when the campaign settles; a card declined there is replaced
on the pledge's page, and a charge needing 3-D Secure is completed there.
"""

import itertools
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.payments import get_gateway
from crowdfund.pledges.models import Pledge
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import FundingModel, Project
from tests.e2e.support import create_account, record_euro_rate_of_today
from tests.factories import ProjectFactory

pytestmark = pytest.mark.e2e

CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED = "4000000000000341"
CARD_3DS = "4000002500003155"

_donors = itertools.count(1)


@pytest.fixture(scope="module")
def projects(payments_server):
    """A live flexible project and a live all-or-nothing one, and a euro rate of today."""
    with payments_server.app.app_context():
        record_euro_rate_of_today()
        made = {
            model: ProjectFactory(
                funding_model=model,
                goal_amount=1_000_00,
                title=f"Puits du douar ({model.value})",
            ).slug
            for model in FundingModel
        }
        db.session.commit()
        db.session.remove()
    return made


@pytest.fixture
def donor_page(new_context, payments_server):
    """A logged-in donor living in France, on a phone-sized window."""
    number = next(_donors)
    account = create_account(
        payments_server,
        email=f"donor{number}@example.fr",
        password="a sunny afternoon in Lyon",
        name=f"Donor {number}",
    )
    context = new_context(base_url=payments_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/account/login")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name=account.name)).to_be_visible()
    return page


def pledge_form(page, slug, shot, amount="50"):
    """From the project page to the card form: amount, live quote, continue."""
    page.goto(f"/projects/{slug}")
    page.get_by_role("link", name="Give to this project").click()
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_label("Amount").fill(amount)
    expect(page.locator("#quote")).to_contain_text("1 EUR = 10.85 MAD")
    expect(page.locator("#quote")).to_contain_text(f"MAD{int(amount) * 10.85:,.2f}")
    shot(page, "quote")
    page.get_by_role("button", name="Continue to payment").click()
    expect(page.locator("#card-element input[placeholder=number]")).to_be_visible()


def enter_card(page, number):
    card = page.locator("#card-element")
    card.locator("input[placeholder=number]").fill(number)
    card.locator("input[placeholder=exp_month]").fill("12")
    card.locator("input[placeholder=exp_year]").fill("34")
    card.locator("input[placeholder=cvc]").fill("123")
    card.locator("input[placeholder=postal_code]").fill("69001")


def pass_3d_secure(page):
    page.get_by_role("button", name="Complete authentication").click()


def pledge_state(page):
    return page.locator("[data-state]")


def settle(payments_server, slug):
    """`flask campaigns settle` runs the day after the campaign's deadline (its mail links
    point at the test server)."""
    with payments_server.app.test_request_context(base_url=payments_server.url):
        project = db.session.scalar(sa.select(Project).filter_by(slug=slug))
        settle_due_campaigns(get_gateway(), today=project.end_date + timedelta(days=1))
        db.session.commit()
        db.session.remove()


def ledger_breaches(payments_server):
    with payments_server.app.app_context():
        breaches = check_ledger()
        db.session.remove()
    return breaches


def pledge_count(payments_server, slug, state):
    with payments_server.app.app_context():
        count = db.session.scalar(
            sa.select(sa.func.count(Pledge.id)).where(
                Pledge.project.has(Project.slug == slug), Pledge.state == state
            )
        )
        db.session.remove()
    return count


def test_flexible_pledges_pay_are_declined_and_pass_3d_secure(
    donor_page, projects, payments_server, shot
):
    page = donor_page
    slug = projects[FundingModel.FLEXIBLE]

    pledge_form(page, slug, shot)
    enter_card(page, CARD_SUCCEEDS)
    shot(page, "card 4242")
    page.get_by_role("button", name="Pay").click()
    expect(pledge_state(page)).to_have_attribute("data-state", "captured")
    expect(page.get_by_text("Paid. Thank you!")).to_be_visible()
    shot(page, "paid")

    pledge_form(page, slug, shot)
    enter_card(page, CARD_DECLINED)
    page.get_by_role("button", name="Pay").click()
    expect(pledge_state(page)).to_have_attribute("data-state", "failed")
    expect(page.get_by_role("alert")).to_contain_text("Your card was declined by your bank")
    shot(page, "declined")

    page.get_by_role("link", name="Try again with another card").click()
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_label("Amount").fill("50")
    page.get_by_role("button", name="Continue to payment").click()
    enter_card(page, CARD_3DS)
    page.get_by_role("button", name="Pay").click()
    pass_3d_secure(page)  # saving the card
    expect(page.get_by_role("heading", name="Complete your payment")).to_be_visible()
    shot(page, "3-d secure asked")
    pass_3d_secure(page)  # the payment
    expect(pledge_state(page)).to_have_attribute("data-state", "captured")
    shot(page, "3-d secure passed")

    assert pledge_count(payments_server, slug, "captured") == 2
    assert pledge_count(payments_server, slug, "failed") == 1
    assert ledger_breaches(payments_server) == []


def test_all_or_nothing_cards_are_saved_then_charged_declined_or_authenticated(
    donor_page, projects, payments_server, shot
):
    page = donor_page
    slug = projects[FundingModel.ALL_OR_NOTHING]
    pledges = {}
    for card in (CARD_SUCCEEDS, CARD_DECLINED, CARD_3DS):
        pledge_form(page, slug, shot, amount="100")
        enter_card(page, card)
        page.get_by_role("button", name="Save my card").click()
        if card == CARD_3DS:
            pass_3d_secure(page)
        expect(pledge_state(page)).to_have_attribute("data-state", "saved")
        pledges[card] = page.url
    shot(page, "card saved")

    settle(payments_server, slug)

    page.goto(pledges[CARD_SUCCEEDS])
    expect(pledge_state(page)).to_have_attribute("data-state", "captured")

    page.goto(pledges[CARD_DECLINED])
    expect(pledge_state(page)).to_have_attribute("data-state", "failed")
    shot(page, "declined at settlement")
    page.get_by_role("button", name="Use another card").click()
    enter_card(page, CARD_SUCCEEDS)
    page.get_by_role("button", name="Pay").click()
    expect(pledge_state(page)).to_have_attribute("data-state", "captured")
    shot(page, "paid with another card")

    page.goto(pledges[CARD_3DS])
    expect(pledge_state(page)).to_have_attribute("data-state", "requires_action")
    shot(page, "3-d secure at settlement")
    page.get_by_role("button", name="Confirm with my bank").click()
    pass_3d_secure(page)
    expect(pledge_state(page)).to_have_attribute("data-state", "captured")
    shot(page, "authenticated after settlement")

    assert pledge_count(payments_server, slug, "captured") == 3
    assert ledger_breaches(payments_server) == []
