"""Receipts are issued by captures: one per captured pledge, numbered per year without gaps."""

from datetime import datetime

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.payments.fake_gateway import PM_DECLINED_AT_CHARGE
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.refunds import refund_pledge
from crowdfund.pledges.services import card_saved
from crowdfund.receipts.issuing import issue_missing_receipts, receipts_held_back
from crowdfund.receipts.models import Receipt, ReceiptCounter
from crowdfund.timeutil import utcnow
from tests.factories.receipts import CapturedPledgeFactory


def _numbers():
    return db.session.scalars(sa.select(Receipt.number).order_by(Receipt.id)).all()


def test_a_captured_pledge_gets_the_first_number_of_its_year(project, pledge, donor):
    captured = pledge(project, 1_000_00)

    receipt = captured.receipt
    year = captured.captured_at.year
    assert captured.state == PledgeState.CAPTURED
    assert (receipt.year, receipt.sequence, receipt.number) == (year, 1, f"{year}-000001")
    assert (receipt.donor_name, receipt.donor_country) == (donor.name, donor.country)
    assert receipt.issued_at >= captured.captured_at


def test_each_capture_takes_the_next_number(project, pledge):
    for _gift in range(3):
        pledge(project, 500_00)

    year = utcnow().year
    assert _numbers() == [f"{year}-000001", f"{year}-000002", f"{year}-000003"]
    assert db.session.get(ReceiptCounter, year).last_sequence == 3


def test_a_declined_payment_gets_no_receipt(project, pledge):
    declined = pledge(project, 500_00, payment_method=PM_DECLINED_AT_CHARGE)

    assert declined.state == PledgeState.FAILED
    assert declined.receipt is None
    assert _numbers() == []


def test_the_webhook_after_the_capture_issues_no_second_receipt(project, pledge, deliver):
    captured = pledge(project, 500_00)

    deliver()

    assert _numbers() == [captured.receipt.number]


def test_a_capture_rolled_back_leaves_no_gap(project, begin, gateway):
    first, second = begin(project, 500_00), begin(project, 700_00)
    undone = db.session.begin_nested()
    card_saved(first, gateway)
    assert _numbers() == [f"{utcnow().year}-000001"]
    undone.rollback()

    card_saved(second, gateway)

    assert second.state == PledgeState.CAPTURED
    assert _numbers() == [f"{utcnow().year}-000001"]
    assert second.receipt.sequence == 1


def test_a_refunded_pledge_keeps_its_receipt(project, pledge, gateway, admin):
    captured = pledge(project, 500_00)
    number = captured.receipt.number

    refund_pledge(captured, 500_00, "Donor asked", admin, gateway)

    assert captured.state == PledgeState.REFUNDED
    assert _numbers() == [number]


def test_missing_receipts_are_issued_in_capture_order_each_year_from_one():
    def captured_at(*moment):
        return CapturedPledgeFactory(captured_at=datetime(*moment))

    late_2025 = captured_at(2025, 12, 31, 23, 59, 59)
    early_2026 = captured_at(2026, 1, 1, 0, 0, 1)
    mid_2025 = captured_at(2025, 6, 1, 12, 0)
    never_captured = CapturedPledgeFactory(
        state=PledgeState.FAILED, captured_at=None, captured_mad=0
    )

    issued = issue_missing_receipts()

    assert [(receipt.pledge, receipt.number) for receipt in issued] == [
        (mid_2025, "2025-000001"),
        (late_2025, "2025-000002"),
        (early_2026, "2026-000001"),
    ]
    assert never_captured.receipt is None
    assert issue_missing_receipts() == []


def test_missing_receipts_follow_the_numbers_already_issued(project, pledge):
    live = pledge(project, 500_00)
    earlier = CapturedPledgeFactory(captured_at=datetime(utcnow().year, 1, 1, 8, 0))

    [backfilled] = issue_missing_receipts()

    assert backfilled.pledge == earlier
    assert (live.receipt.sequence, backfilled.sequence) == (1, 2)


def test_the_command_issues_the_missing_receipts(app):
    CapturedPledgeFactory(captured_at=datetime(2025, 3, 4, 10, 0))
    CapturedPledgeFactory(captured_at=datetime(2025, 3, 5, 10, 0))
    runner = app.test_cli_runner()

    first = runner.invoke(args=["receipts", "issue-missing"])
    again = runner.invoke(args=["receipts", "issue-missing"])

    assert first.exit_code == 0
    assert first.output == "Issued 2 receipt(s): 2025-000001 to 2025-000002.\n"
    assert again.output == "Every captured pledge has its receipt.\n"
    assert _numbers() == ["2025-000001", "2025-000002"]


def test_captures_made_while_receipts_are_held_back_get_them_in_capture_order_later(
    project, pledge
):
    with receipts_held_back():
        later, earlier = pledge(project, 500_00), pledge(project, 700_00)
    assert (later.receipt, earlier.receipt) == (None, None)
    # Dated back into their campaign, as the demo does.
    later.captured_at, earlier.captured_at = datetime(2025, 12, 30), datetime(2025, 12, 2)

    issue_missing_receipts()

    assert (earlier.receipt.number, later.receipt.number) == ("2025-000001", "2025-000002")
    assert pledge(project, 300_00).receipt.number == f"{utcnow().year}-000001"
