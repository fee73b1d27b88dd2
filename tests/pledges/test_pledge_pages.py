"""The donor's pledge pages, with FakeGateway playing the processor and Stripe.js."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.payments.fake_gateway import (
    PM_DECLINED_AT_CHARGE,
    PM_REQUIRES_AUTHENTICATION,
    PM_SUCCEEDS,
)
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import ProjectState
from tests.factories import UserFactory
from tests.factories.accounts import UnverifiedUserFactory
from tests.factories.matching import MatchingFundFactory
from tests.pledges.helpers import assert_ledger_sound

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def donor_client(login, donor):
    return login(donor)


def _form(**changes):
    return {
        "amount": "50",
        "currency": "EUR",
        "show_name": "y",
        "message": "Pour l'école de mon village",
        "request_key": KEY,
        "step": "pay",
        **changes,
    }


def _pledges():
    return db.session.scalars(sa.select(Pledge).order_by(Pledge.id)).all()


def _give(client, project, **changes):
    return client.post(f"/projects/{project.slug}/give", data=_form(**changes))


def _pledge_from(response):
    assert response.status_code == 302, response.get_data(as_text=True)
    pledge_id = int(re.search(r"/pledges/(\d+)", response.location).group(1))
    return db.session.get(Pledge, pledge_id)


def test_the_form_offers_the_donor_s_currency(login, project):
    canadian = UserFactory(country="CA")

    page = login(canadian).get(f"/projects/{project.slug}/give").get_data(as_text=True)

    assert '<option selected value="CAD">' in page
    assert "4000 0025 0000 3155" in page  # test mode: the test cards are listed


def test_the_quote_shows_the_dirhams_the_rate_the_cost_and_the_match(
    donor_client, project, eur_rate
):
    MatchingFundFactory(name="Fonds de contrepartie MRE")

    page = donor_client.get(f"/projects/{project.slug}/give/quote?amount=50&currency=EUR").get_data(
        as_text=True
    )

    assert "MAD542.50" in page
    assert "1 EUR = 10.85 MAD" in page
    assert "Bank Al-Maghrib reference rate" in page
    assert "Processing cost" in page
    assert "becomes MAD1,085 with the Fonds de contrepartie MRE" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("amount=-5&currency=EUR", "not negative"),
        ("amount=abc&currency=EUR", "Enter an amount"),
        ("amount=50&currency=XYZ", "Not a valid choice"),
        ("amount=0.01&currency=EUR", "The smallest gift is"),
        ("amount=99999999&currency=EUR", "The largest gift is"),
    ],
)
def test_the_quote_explains_bad_input(donor_client, project, eur_rate, query, message):
    page = donor_client.get(f"/projects/{project.slug}/give/quote?{query}").get_data(as_text=True)

    assert 'role="alert"' in page
    assert message in page


def test_a_pledge_is_created_with_its_quote_and_waits_for_the_card(
    donor_client, project, eur_rate, donor
):
    pledge = _pledge_from(_give(donor_client, project))

    assert (pledge.donor, pledge.project, pledge.state) == (donor, project, PledgeState.PENDING)
    assert (pledge.amount, pledge.currency, pledge.amount_mad) == (5_000, "EUR", 54_250)
    assert pledge.fx_source == "Bank Al-Maghrib reference rate"
    assert pledge.show_name
    assert pledge.message == "Pour l'école de mon village"
    page = donor_client.get(f"/pledges/{pledge.id}").get_data(as_text=True)
    assert 'id="card-form"' in page
    assert 'data-client-secret="seti_' in page


def test_a_form_sent_twice_makes_one_pledge(donor_client, project, eur_rate):
    first = _pledge_from(_give(donor_client, project))
    second = _pledge_from(_give(donor_client, project))

    assert first.id == second.id
    assert len(_pledges()) == 1


def test_the_quote_step_creates_nothing(donor_client, project, eur_rate):
    page = _give(donor_client, project, step="quote").get_data(as_text=True)

    assert "MAD542.50" in page
    assert _pledges() == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "-10"}, "not negative"),
        ({"amount": ""}, "Enter an amount."),
        ({"amount": "10.1234"}, "at most two decimals"),
        ({"currency": "JPY"}, "Not a valid choice"),
        ({"request_key": "tampered"}, "This form was altered"),
        ({"message": "x" * 501}, "500"),
        ({"amount": "1"}, "The smallest gift is"),
    ],
)
def test_bad_input_is_explained_and_writes_nothing(
    donor_client, project, eur_rate, changes, message
):
    response = _give(donor_client, project, **changes)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _pledges() == []


def test_a_project_that_is_not_live_takes_no_pledge(donor_client, eur_rate, project):
    project.state = ProjectState.FUNDED
    db.session.flush()

    response = _give(donor_client, project)

    assert "not raising funds" in response.get_data(as_text=True)
    assert _pledges() == []


def test_a_donor_must_confirm_their_email_first(login, project, eur_rate):
    client = login(UnverifiedUserFactory())

    page = _give(client, project).get_data(as_text=True)

    assert "Confirm your email address before you give" in page
    assert _pledges() == []


def _save_card(client, gateway, pledge, payment_method):
    gateway.confirm_setup_intent(pledge.setup_intent_id, payment_method)
    return _post(client, pledge, "card")


def _post(client, pledge, step):
    """A payment step, then the pledge and its project as the request left them."""
    response = client.post(f"/pledges/{pledge.id}/{step}")
    db.session.expire_all()
    return response


def test_a_flexible_pledge_is_paid_at_once(donor_client, project, eur_rate, gateway):
    pledge = _pledge_from(_give(donor_client, project))

    response = _save_card(donor_client, gateway, pledge, PM_SUCCEEDS)

    assert response.status_code == 302
    assert pledge.state == PledgeState.CAPTURED
    assert project.raised_amount == 54_250
    assert "Paid. Thank you!" in donor_client.get(response.location).get_data(as_text=True)
    assert_ledger_sound()


def test_an_all_or_nothing_card_is_saved_until_the_deadline(
    donor_client, aon_project, eur_rate, gateway
):
    pledge = _pledge_from(_give(donor_client, aon_project))
    page = donor_client.get(f"/pledges/{pledge.id}").get_data(as_text=True)
    assert "Save my card" in page

    response = _save_card(donor_client, gateway, pledge, PM_SUCCEEDS)

    assert pledge.state == PledgeState.SAVED
    assert aon_project.raised_amount == 0
    assert "charged only if the project reaches its goal" in donor_client.get(
        response.location
    ).get_data(as_text=True)


def test_a_declined_card_is_explained(donor_client, project, eur_rate, gateway):
    pledge = _pledge_from(_give(donor_client, project))

    response = _save_card(donor_client, gateway, pledge, PM_DECLINED_AT_CHARGE)
    page = donor_client.get(response.location).get_data(as_text=True)

    assert pledge.state == PledgeState.FAILED
    assert "Your card was declined by your bank. No money was taken." in page
    assert "Try again with another card" in page
    assert project.raised_amount == 0


def test_3d_secure_then_the_payment_is_captured(donor_client, project, eur_rate, gateway):
    pledge = _pledge_from(_give(donor_client, project))

    response = _save_card(donor_client, gateway, pledge, PM_REQUIRES_AUTHENTICATION)

    assert pledge.state == PledgeState.REQUIRES_ACTION
    assert response.location.endswith("authenticate=1")
    page = donor_client.get(response.location).get_data(as_text=True)
    assert 'id="authenticate-form"' in page
    assert 'data-autostart="1"' in page
    assert 'data-client-secret="pi_' in page

    gateway.complete_authentication(pledge.payment_intent_id)
    _post(donor_client, pledge, "authenticated")

    assert pledge.state == PledgeState.CAPTURED
    assert project.raised_amount == 54_250


def test_failed_3d_secure_is_a_decline(donor_client, project, eur_rate, gateway):
    pledge = _pledge_from(_give(donor_client, project))
    _save_card(donor_client, gateway, pledge, PM_REQUIRES_AUTHENTICATION)

    gateway.complete_authentication(pledge.payment_intent_id, success=False)
    response = _post(donor_client, pledge, "authenticated")

    assert pledge.state == PledgeState.FAILED
    assert "3-D Secure" in donor_client.get(response.location).get_data(as_text=True)


def test_a_card_declined_at_settlement_is_replaced_from_the_pledge_page(
    donor_client, aon_project, eur_rate, gateway, pledge
):
    pledge(aon_project, 10_000_00)
    mine = _pledge_from(_give(donor_client, aon_project))
    _save_card(donor_client, gateway, mine, PM_DECLINED_AT_CHARGE)
    settle_due_campaigns(gateway, today=aon_project.end_date + timedelta(days=1))
    db.session.flush()
    assert mine.state == PledgeState.FAILED

    page = donor_client.get(f"/pledges/{mine.id}").get_data(as_text=True)
    assert "Use another card" in page
    _post(donor_client, mine, "another-card")
    assert (mine.state, mine.attempt) == (PledgeState.PENDING, 2)
    page = donor_client.get(f"/pledges/{mine.id}").get_data(as_text=True)
    assert f"Pay €{mine.charge_amount / 100:.2f}" in page
    _save_card(donor_client, gateway, mine, PM_SUCCEEDS)

    assert mine.state == PledgeState.CAPTURED
    assert_ledger_sound()


def test_someone_else_s_pledge_is_not_found(login, donor_client, project, eur_rate):
    pledge = _pledge_from(_give(donor_client, project))
    stranger = login(UserFactory())

    assert stranger.get(f"/pledges/{pledge.id}").status_code == 404
    assert stranger.post(f"/pledges/{pledge.id}/card").status_code == 404


def test_a_visitor_is_asked_to_log_in_first(client, project):
    response = client.get(f"/projects/{project.slug}/give")

    assert response.status_code == 302
    assert "/login" in response.location


def test_the_live_project_page_invites_to_give(client, project):
    page = client.get(f"/projects/{project.slug}").get_data(as_text=True)

    assert f'href="/projects/{project.slug}/give"' in page
    assert "4242 4242 4242 4242" in page


def test_the_project_page_thanks_supporters_named_only_if_they_chose_so(
    client, project, pledge, donor
):
    pledge(project, 300_00)
    hidden = UserFactory(name="Karim Discret")
    pledge(project, 700_00, who=hidden).show_name = False
    db.session.flush()

    page = client.get(f"/projects/{project.slug}").get_data(as_text=True)

    assert donor.name in page
    assert "Pour le douar de mes parents" in page
    assert "Karim Discret" not in page
    assert "Anonymous donor" in page
