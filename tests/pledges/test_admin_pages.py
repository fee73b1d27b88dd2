"""The pledge administration pages: the list, a pledge, and refunds through the page."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.matching.models import MatchAllocation
from crowdfund.payments.gateway import GatewayError
from crowdfund.pledges.models import PledgeRefund, PledgeState
from tests.catalogue.query_counter import counting_queries
from tests.factories import AdminFactory, ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.matching import MatchingFundFactory
from tests.factories.pledges import PledgeFactory
from tests.pledges.helpers import assert_ledger_sound, ledger_keys, money


@pytest.fixture
def admin():
    return AdminFactory(name="Salma Idrissi")


@pytest.fixture
def admin_client(login, admin):
    return login(admin)


def _refund_form(**changes):
    data = {"amount": "400", "reason": "The donor gave twice by mistake", "confirm": "y"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _refund(client, pledge, **changes):
    """Post the refund form; the test's objects then show what the request wrote."""
    response = client.post(f"/admin/pledges/{pledge.id}/refunds", data=_refund_form(**changes))
    db.session.expire_all()
    return response


def _refunds():
    return db.session.scalars(sa.select(PledgeRefund).order_by(PledgeRefund.id)).all()


@pytest.fixture
def captured(project, pledge, gateway):
    """A flexible pledge of 1,000 MAD, paid; the processor's webhooks are left aside."""
    done = pledge(project, 1_000_00)
    gateway.take_deliveries()
    return done


# The list


def test_the_list_shows_pledges_newest_first_with_their_amounts_and_state(
    admin_client, project, pledge, eur_rate
):
    older = pledge(project, 100_00, "EUR")
    newer = PledgeFactory(project=project, amount_mad=321_00, amount=321_00)
    older.created_at = newer.created_at - timedelta(days=2)
    db.session.flush()

    page = admin_client.get("/admin/pledges").get_data(as_text=True)

    assert "<h1>Pledges</h1>" in page
    assert 'aria-current="page">Pledges</a>' in page
    assert "2 pledges" in page
    assert page.index(f"/admin/pledges/{newer.id}") < page.index(f"/admin/pledges/{older.id}")
    assert "€100.00" in page
    assert f"MAD{older.amount_mad / 100:,.2f}" in page
    assert "MAD321.00" in page
    assert "Captured" in page
    assert "Waiting for the card" in page
    assert "amina@example.org" in page


def test_the_list_is_filtered_by_state_project_and_donor_email(admin_client, project):
    other_project = ProjectFactory(title="Route rurale de Tafraout")
    saida = UserFactory(email="saida@example.org")
    wanted = PledgeFactory(project=project, donor=saida, state=PledgeState.CAPTURED)
    PledgeFactory(project=project, donor=saida, state=PledgeState.FAILED)
    PledgeFactory(project=other_project, donor=saida, state=PledgeState.CAPTURED)
    PledgeFactory(project=project, state=PledgeState.CAPTURED)

    page = admin_client.get(
        "/admin/pledges",
        query_string={"q": "SAIDA@", "state": "captured", "project": str(project.id)},
    ).get_data(as_text=True)

    assert "1 pledge" in page
    assert f"/admin/pledges/{wanted.id}" in page
    assert '<option selected value="captured">' in page
    assert f'<option value="{other_project.id}">Route rurale de Tafraout</option>' in page


def test_a_filter_that_is_not_offered_is_ignored(admin_client, project):
    PledgeFactory(project=project)

    page = admin_client.get("/admin/pledges", query_string={"state": "stolen"})

    assert page.status_code == 200
    assert "1 pledge" in page.get_data(as_text=True)


def test_the_list_is_paginated_and_keeps_its_filters(admin_client, project):
    for _ in range(26):
        PledgeFactory(project=project, state=PledgeState.CAPTURED)

    first = admin_client.get("/admin/pledges", query_string={"state": "captured"})
    second = admin_client.get("/admin/pledges", query_string={"state": "captured", "page": 2})

    assert first.get_data(as_text=True).count('href="/admin/pledges/') == 25
    assert "page=2&amp;state=captured" in first.get_data(as_text=True)
    assert second.get_data(as_text=True).count('href="/admin/pledges/') == 1


def test_the_list_runs_as_many_queries_for_twenty_pledges_as_for_three(admin_client):
    def statements():
        with counting_queries() as executed:
            assert admin_client.get("/admin/pledges").status_code == 200
        return len(executed)

    for _ in range(3):
        PledgeFactory()
    three = statements()
    for _ in range(17):
        PledgeFactory()
    assert statements() == three


# One pledge


def test_the_pledge_page_shows_donor_project_amounts_rate_and_match(
    admin_client, project, pledge, gateway, eur_rate
):
    fund = MatchingFundFactory(name="Fonds MRE")
    done = pledge(project, 100_00, "EUR")

    page = admin_client.get(f"/admin/pledges/{done.id}").get_data(as_text=True)

    assert f"<h1>Pledge {done.id}</h1>" in page
    assert "Amina El Idrissi" in page
    assert "amina@example.org" in page
    assert project.title in page
    assert "€100.00" in page
    assert f"MAD{done.amount_mad / 100:,.2f}" in page
    assert "1 EUR = 10.85 MAD" in page
    assert "Bank Al-Maghrib reference rate" in page
    assert f"MAD{done.amount_mad / 100:,.2f} from {fund.name}" in page
    assert "No refund yet." in page
    assert 'name="amount"' in page
    assert 'name="reason"' in page
    assert 'name="confirm"' in page


def test_the_pledge_page_runs_the_same_queries_with_one_refund_or_three(
    admin_client, captured, gateway, admin
):
    def statements():
        with counting_queries() as executed:
            assert admin_client.get(f"/admin/pledges/{captured.id}").status_code == 200
        return len(executed)

    _refund(admin_client, captured, amount="100")
    one = statements()
    _refund(admin_client, captured, amount="100")
    _refund(admin_client, captured, amount="100")
    assert statements() == one


def test_an_unknown_pledge_is_not_found(admin_client):
    assert admin_client.get("/admin/pledges/999999").status_code == 404


# Refunds


def test_a_full_refund_through_the_page(admin_client, captured, project, gateway):
    response = _refund(admin_client, captured, amount="1 000")

    assert response.status_code == 302
    assert response.location == f"/admin/pledges/{captured.id}"
    assert (captured.state, captured.refunded_mad) == (PledgeState.REFUNDED, 1_000_00)
    assert project.raised_amount == 0
    [refund] = _refunds()
    assert (refund.amount_mad, refund.reason) == (1_000_00, "The donor gave twice by mistake")
    assert ledger_keys()[-1] == f"refund:{refund.refund_id}"
    assert_ledger_sound()
    page = admin_client.get(response.location).get_data(as_text=True)
    assert "MAD1,000 refunded to Amina El Idrissi." in page
    assert "Only a captured pledge can be refunded." in page
    assert 'name="amount"' not in page


def test_partial_refunds_give_the_match_back_and_list_each_refund(
    admin_client, project, pledge, gateway, admin
):
    MatchingFundFactory()
    done = pledge(project, 5_000_00)
    assert project.raised_amount == 10_000_00  # the gift and its 1:1 match

    first = _refund(admin_client, done, amount="1 250,50", reason="Part of the gift")
    second = _refund(admin_client, done, amount="749,50", reason="  Another part  ")

    assert first.status_code == second.status_code == 302
    assert (done.state, done.refunded_mad) == (PledgeState.CAPTURED, 2_000_00)
    assert [(r.amount_mad, r.match_reversed_mad) for r in _refunds()] == [
        (1_250_50, 1_250_50),
        (749_50, 749_50),
    ]
    assert project.raised_amount == 10_000_00 - 2 * 2_000_00
    allocation = db.session.scalar(sa.select(MatchAllocation).filter_by(pledge_id=done.id))
    assert allocation.reversed_amount == 2_000_00
    assert money(project).pledges == 3_000_00
    assert_ledger_sound()
    page = admin_client.get(f"/admin/pledges/{done.id}").get_data(as_text=True)
    assert "Part of the gift" in page
    assert "Another part" in page
    assert page.count("<td><bdi>Salma Idrissi</bdi></td>") == 2
    assert '<dd id="refundable">MAD3,000.00</dd>' in page


def test_more_than_is_left_is_refused_and_nothing_is_written(admin_client, captured, project):
    _refund(admin_client, captured, amount="600")
    keys = ledger_keys()

    response = _refund(admin_client, captured, amount="400,01")

    assert response.status_code == 200
    assert "The refund must be more than zero and at most MAD400." in response.get_data(
        as_text=True
    )
    assert 'value="400,01"' in response.get_data(as_text=True)
    assert captured.refunded_mad == 600_00
    assert len(_refunds()) == 1
    assert ledger_keys() == keys
    assert project.raised_amount == 400_00


def test_money_already_disbursed_cannot_be_refunded(admin_client, captured, project, gateway):
    escrow = account_for(AccountKind.PROJECT_ESCROW, project=project)
    disbursed = account_for(AccountKind.PROJECT_DISBURSED, project=project)
    post(
        TransactionKind.DISBURSEMENT,
        "disbursement:1",
        [(escrow, -800_00), (disbursed, 800_00)],
        project=project,
    )
    keys = ledger_keys()

    response = _refund(admin_client, captured, amount="500")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "the money has been disbursed and can no longer be refunded" in page
    assert captured.refunded_mad == 0
    assert _refunds() == []
    assert ledger_keys() == keys
    assert gateway.take_deliveries() == []  # the processor was not asked to refund


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": ""}, "Give the reason for the refund."),
        ({"reason": "   "}, "Give the reason for the refund."),
        ({"confirm": None}, "Tick the box to confirm the refund."),
        ({"amount": ""}, "Enter an amount."),
        ({"amount": "0"}, "The amount must be more than 0 MAD."),
        ({"amount": "douze"}, "Enter an amount in dirhams"),
    ],
)
def test_an_incomplete_form_is_refused(admin_client, captured, gateway, changes, message):
    keys = ledger_keys()

    response = _refund(admin_client, captured, **changes)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert (captured.refunded_mad, _refunds(), ledger_keys()) == (0, [], keys)
    assert gateway.take_deliveries() == []


def test_a_processor_that_does_not_answer_refunds_nothing(
    admin_client, captured, project, gateway, monkeypatch
):
    def unavailable(*args, **kwargs):
        raise GatewayError("connection reset")

    monkeypatch.setattr(gateway, "refund", unavailable)
    keys = ledger_keys()

    response = _refund(admin_client, captured)

    assert response.status_code == 200
    assert "The payment service is not answering." in response.get_data(as_text=True)
    assert (captured.refunded_mad, _refunds(), ledger_keys()) == (0, [], keys)
    assert project.raised_amount == 1_000_00


def test_a_pledge_not_captured_shows_no_form_and_refuses_a_refund(
    admin_client, aon_project, pledge, gateway
):
    saved = pledge(aon_project, 1_000_00)

    page = admin_client.get(f"/admin/pledges/{saved.id}").get_data(as_text=True)
    response = _refund(admin_client, saved)

    assert "Card saved" in page
    assert 'name="amount"' not in page
    assert response.status_code == 200
    assert "Only a captured pledge can be refunded." in response.get_data(as_text=True)
    assert (saved.state, _refunds(), ledger_keys()) == (PledgeState.SAVED, [], [])


@pytest.mark.parametrize("make_user", [UserFactory, ReviewerFactory])
def test_only_administrators_see_pledges_and_refund(login, captured, make_user):
    client = login(make_user())

    assert client.get("/admin/pledges").status_code == 403
    assert client.get(f"/admin/pledges/{captured.id}").status_code == 403
    assert _refund(client, captured).status_code == 403
    assert captured.refunded_mad == 0


def test_the_donor_cannot_refund_their_own_pledge(login, captured, donor):
    assert _refund(login(donor), captured).status_code == 403
    assert _refunds() == []


def test_a_visitor_is_asked_to_log_in(client, captured):
    response = client.get(f"/admin/pledges/{captured.id}")

    assert response.status_code == 302
    assert "/login" in response.location
