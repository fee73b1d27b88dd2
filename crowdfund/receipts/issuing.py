"""Issuing receipts: the next number of the capture's year, in the capture's own transaction.

The per-year counter row is incremented by one `UPDATE … RETURNING`, which holds
the row's lock until the transaction ends: a concurrent capture waits for the
number, and a capture rolled back takes its increment with it, so numbers have
neither gaps nor duplicates. Captures already queue on the processor's clearing
account before they get here, so waiting for the counter adds no deadlock.
"""

from contextlib import contextmanager

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.pledges.models import Pledge
from crowdfund.receipts.models import Receipt, ReceiptCounter
from crowdfund.timeutil import utcnow
from crowdfund.transactions import insert_or_nothing

_HELD_BACK = "receipts_held_back"


def receipt_number(year, sequence):
    """The printed number: "2026-000123"."""
    return f"{year}-{sequence:06d}"


def issue_receipt(pledge):
    """The receipt of a captured pledge, issued now unless it has one already; flushes.

    Its year is the year of the capture in UTC.
    """
    issued = db.session.scalar(sa.select(Receipt).filter_by(pledge_id=pledge.id))
    if issued is not None:
        return issued
    year = pledge.captured_at.year
    sequence = _next_sequence(year)
    receipt = Receipt(
        pledge=pledge,
        year=year,
        sequence=sequence,
        number=receipt_number(year, sequence),
        issued_at=utcnow(),
        donor_name=pledge.donor.name,
        donor_country=pledge.donor.country,
    )
    db.session.add(receipt)
    db.session.flush()
    return receipt


def issue_missing_receipts():
    """Issue a receipt for every captured pledge without one, in capture order; returns them.

    For pledges captured before receipts existed. Pledges refunded since keep their
    receipt: the money was received.
    """
    missing = db.session.scalars(
        sa.select(Pledge)
        .outerjoin(Receipt, Receipt.pledge_id == Pledge.id)
        .where(Pledge.captured_at.is_not(None), Receipt.id.is_(None))
        .order_by(Pledge.captured_at, Pledge.id)
    ).all()
    return [issue_receipt(pledge) for pledge in missing]


@contextmanager
def receipts_held_back():
    """Captures made inside issue no receipt, for a loader that dates its pledges back.

    The demo captures pledges now and then dates them into their campaigns: it
    calls `issue_missing_receipts()` once the dates are right, so that numbers
    follow the capture dates. Everything stays in one transaction.
    """
    session = db.session()
    session.info[_HELD_BACK] = True
    try:
        yield
    finally:
        session.info.pop(_HELD_BACK, None)


def receipts_are_held_back():
    return db.session().info.get(_HELD_BACK, False)


def _next_sequence(year):
    """Take the next sequence of `year`, holding its counter row until the transaction ends."""
    db.session.execute(
        insert_or_nothing(ReceiptCounter, conflict_on=["year"]).values(year=year, last_sequence=0)
    )
    return db.session.execute(
        sa.update(ReceiptCounter)
        .where(ReceiptCounter.year == year)
        .values(last_sequence=ReceiptCounter.last_sequence + 1)
        .returning(ReceiptCounter.last_sequence)
        .execution_options(synchronize_session=False)
    ).scalar_one()
