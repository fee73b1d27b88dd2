"""Refunds: partial and full, never more than captured, never money already disbursed."""

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.ledger.reading import balance_of
from crowdfund.matching.models import MatchAllocation
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.quotes import PledgeRefused
from crowdfund.pledges.refunds import refund_pledge
from tests.factories import AdminFactory
from tests.factories.matching import MatchingFundFactory
from tests.pledges.helpers import assert_ledger_sound, ledger_keys, money


@pytest.fixture
def admin():
    return AdminFactory()


def test_a_partial_refund_gives_part_back_and_keeps_the_pledge_captured(
    project, pledge, gateway, admin
):
    done = pledge(project, 1_000_00)

    refund = refund_pledge(done, 400_00, "Donor asked", admin, gateway)

    assert (refund.amount_mad, refund.amount, refund.reason) == (400_00, 400_00, "Donor asked")
    assert refund.refund_id.startswith("re_")
    assert (done.state, done.refunded_mad) == (PledgeState.CAPTURED, 400_00)
    assert ledger_keys()[-1] == f"refund:{refund.refund_id}"
    assert money(project).pledges == project.raised_amount == 600_00
    assert_ledger_sound()


def test_refunds_in_full_mark_the_pledge_refunded_and_give_the_whole_gift_back(
    project, pledge, gateway, admin, eur_rate
):
    done = pledge(project, 100_00, "EUR")

    first = refund_pledge(done, 333_33, "Part", admin, gateway)
    second = refund_pledge(done, done.captured_mad - 333_33, "Rest", admin, gateway)

    assert first.amount + second.amount == done.amount == 100_00
    assert done.state == PledgeState.REFUNDED
    assert project.raised_amount == 0
    assert_ledger_sound()


def test_more_than_is_left_is_refused(project, pledge, gateway, admin):
    done = pledge(project, 1_000_00)
    refund_pledge(done, 600_00, "Part", admin, gateway)

    with pytest.raises(PledgeRefused):
        refund_pledge(done, 400_01, "Too much", admin, gateway)
    assert done.refunded_mad == 600_00


@pytest.mark.parametrize("amount", [0, -1, 10.5])
def test_a_refund_amount_that_is_not_a_positive_integer_is_refused(
    project, pledge, gateway, admin, amount
):
    done = pledge(project, 1_000_00)
    with pytest.raises(PledgeRefused):
        refund_pledge(done, amount, "Bad", admin, gateway)


def test_a_pledge_not_captured_cannot_be_refunded(aon_project, pledge, gateway, admin):
    saved = pledge(aon_project, 1_000_00)
    with pytest.raises(PledgeRefused):
        refund_pledge(saved, 100_00, "Not captured", admin, gateway)


def test_money_already_disbursed_cannot_be_refunded(project, pledge, gateway, admin):
    done = pledge(project, 1_000_00)
    escrow = account_for(AccountKind.PROJECT_ESCROW, project=project)
    disbursed = account_for(AccountKind.PROJECT_DISBURSED, project=project)
    post(
        TransactionKind.DISBURSEMENT,
        "disbursement:1",
        [(escrow, -800_00), (disbursed, 800_00)],
        project=project,
    )
    keys = ledger_keys()
    gateway.take_deliveries()

    with pytest.raises(PledgeRefused) as refused:
        refund_pledge(done, 500_00, "Too late", admin, gateway)

    assert "disbursed" in str(refused.value.message)
    assert ledger_keys() == keys
    assert done.refunded_mad == 0
    assert gateway.take_deliveries() == []  # the processor was not asked to refund


def test_a_refund_gives_the_match_back_to_the_pool_in_proportion(project, pledge, gateway, admin):
    fund = MatchingFundFactory(pool_amount=5_000_00)
    done = pledge(project, 1_000_00)
    pool = account_for(AccountKind.MATCHING_POOL, matching_fund_id=fund.id)

    half = refund_pledge(done, 500_00, "Half", admin, gateway)
    allocation = db.session.scalar(sa.select(MatchAllocation).filter_by(pledge_id=done.id))
    assert (half.match_reversed_mad, allocation.reversed_amount) == (500_00, 500_00)
    assert balance_of(pool) == 4_500_00
    assert project.raised_amount == 1_000_00

    refund_pledge(done, 500_00, "Rest", admin, gateway)

    assert allocation.active_amount == 0
    assert balance_of(pool) == 5_000_00
    assert project.raised_amount == 0
    assert money(project).matching == money(project).pledges == 0
    assert_ledger_sound()


def test_the_refund_webhook_does_not_count_the_refund_twice(
    project, pledge, gateway, admin, deliver
):
    done = pledge(project, 1_000_00)
    deliver()
    refund_pledge(done, 400_00, "Part", admin, gateway)
    keys = ledger_keys()

    assert deliver() == [True]

    assert done.refunded_mad == 400_00
    assert ledger_keys() == keys
    assert_ledger_sound()
