"""On PostgreSQL, concurrent captures take receipt numbers with neither gaps nor duplicates.

Each thread has its own application context, session and connection, on a database
of its own whose data is really committed (see tests/pledges/test_concurrency.py,
whose helpers these tests share).
"""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.projects.models import FundingModel
from crowdfund.receipts.issuing import issue_missing_receipts, issue_receipt
from crowdfund.receipts.models import Receipt, ReceiptCounter
from tests.factories.receipts import CapturedPledgeFactory
from tests.pledges.test_concurrency import (
    THREADS,
    _committed,
    _donors,
    _in_threads,
    _outcome,
    _project,
    _save_card,
    _start,
    gateway,  # noqa: F401  (the fixture: one FakeGateway shared by the threads)
)

PLEDGES_PER_THREAD = 4


def _receipts(app):
    """(pledge id, year, sequence) of every receipt, and each year's counter."""
    with app.app_context():
        receipts = db.session.execute(
            sa.select(Receipt.pledge_id, Receipt.year, Receipt.sequence).order_by(Receipt.id)
        ).all()
        counters = dict(
            db.session.execute(sa.select(ReceiptCounter.year, ReceiptCounter.last_sequence)).all()
        )
        return receipts, counters


def _assert_numbered_from_one_without_gaps(app, pledge_ids):
    receipts, counters = _receipts(app)
    [year] = counters
    assert sorted(pledge for pledge, _year, _sequence in receipts) == sorted(pledge_ids)
    assert {receipt_year for _pledge, receipt_year, _sequence in receipts} == {year}
    assert sorted(sequence for _pledge, _year, sequence in receipts) == list(
        range(1, len(pledge_ids) + 1)
    )
    assert counters[year] == len(pledge_ids)


def test_concurrent_captures_on_two_projects_are_numbered_one_to_n(committed_app, gateway):  # noqa: F811
    projects = [_project(committed_app, FundingModel.FLEXIBLE) for _ in range(2)]
    donors = _donors(committed_app, THREADS)

    def pledge_and_pay(number):
        project_id = projects[number % 2]
        started = [
            _start(committed_app, gateway, project_id, donors[number])
            for _ in range(PLEDGES_PER_THREAD)
        ]
        return {
            pledge_id: _outcome(_save_card, committed_app, gateway, pledge_id)
            for pledge_id in started
        }

    shown = {pledge: state for run in _in_threads(pledge_and_pay) for pledge, state in run.items()}

    assert set(shown.values()) == {PledgeState.CAPTURED}
    assert len(shown) == THREADS * PLEDGES_PER_THREAD
    _assert_numbered_from_one_without_gaps(committed_app, list(shown))


def test_receipts_issued_at_once_and_some_rolled_back_leave_no_gap(committed_app):
    """The counter alone keeps the numbers: here no ledger lock makes the issues queue."""
    pledge_ids = _committed(
        committed_app,
        lambda: [
            pledge.id for pledge in CapturedPledgeFactory.create_batch(THREADS * PLEDGES_PER_THREAD)
        ],
    )

    def issue_or_roll_back(number):
        """Every other issue fails after its number is taken: its transaction rolls back."""
        kept = []
        for attempt, pledge_id in enumerate(pledge_ids[number::THREADS]):
            with committed_app.app_context():
                issue_receipt(db.session.get(Pledge, pledge_id))
                if attempt % 2:
                    db.session.rollback()
                else:
                    db.session.commit()
                    kept.append(pledge_id)
        return kept

    kept = [pledge for run in _in_threads(issue_or_roll_back) for pledge in run]

    assert len(kept) == len(pledge_ids) // 2
    _assert_numbered_from_one_without_gaps(committed_app, kept)
    # The pledges whose receipt was rolled back get theirs from the backfill, next in line.
    _committed(committed_app, issue_missing_receipts)
    _assert_numbered_from_one_without_gaps(committed_app, pledge_ids)
