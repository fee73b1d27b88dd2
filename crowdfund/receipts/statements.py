"""A donor's annual giving statement: the gifts receipted in a year and what was refunded of them.

A year's statement holds the pledges whose receipt is of that year (the year of
capture, in UTC), each followed by its refunds whatever their date, so that the
net total always says what the donor's gifts of that year came to.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.pledges.models import Pledge
from crowdfund.projects.models import Project
from crowdfund.receipts.models import Receipt


class EntryKind(StrEnum):
    GIFT = "gift"
    REFUND = "refund"


@dataclass(frozen=True)
class StatementEntry:
    """A gift or a refund; amounts are positive minor units, in the pledge's currency and MAD."""

    kind: EntryKind
    day: date
    receipt_number: str
    project: str
    organisation: str
    amount: int
    currency: str
    amount_mad: int


@dataclass(frozen=True)
class Statement:
    donor: User
    year: int
    entries: list

    @property
    def gifts_mad(self):
        return self._total(EntryKind.GIFT)

    @property
    def refunded_mad(self):
        return self._total(EntryKind.REFUND)

    @property
    def net_mad(self):
        return self.gifts_mad - self.refunded_mad

    def _total(self, kind):
        return sum(entry.amount_mad for entry in self.entries if entry.kind == kind)


def statement_years(donor):
    """The years in which `donor` has receipted gifts, the latest first."""
    return db.session.scalars(
        sa.select(Receipt.year)
        .join(Receipt.pledge)
        .where(Pledge.donor_id == donor.id)
        .distinct()
        .order_by(Receipt.year.desc())
    ).all()


def giving_statement(donor, year):
    """`donor`'s statement for `year`, or None when they have no receipted gift that year."""
    receipts = db.session.scalars(
        sa.select(Receipt)
        .join(Receipt.pledge)
        .where(Pledge.donor_id == donor.id, Receipt.year == year)
        .order_by(Receipt.sequence)
        .options(
            contains_eager(Receipt.pledge).selectinload(Pledge.refunds),
            contains_eager(Receipt.pledge)
            .joinedload(Pledge.project)
            .joinedload(Project.organisation),
        )
    ).all()
    if not receipts:
        return None
    entries = []
    for receipt in receipts:
        entries += _entries(receipt)
    return Statement(donor=donor, year=year, entries=entries)


def _entries(receipt):
    pledge = receipt.pledge
    common = {
        "receipt_number": receipt.number,
        "project": pledge.project.title,
        "organisation": pledge.project.organisation.name,
        "currency": pledge.currency,
    }
    gift = StatementEntry(
        kind=EntryKind.GIFT,
        day=pledge.captured_at.date(),
        amount=pledge.amount,
        amount_mad=pledge.amount_mad,
        **common,
    )
    refunds = [
        StatementEntry(
            kind=EntryKind.REFUND,
            day=refund.created_at.date(),
            amount=refund.amount,
            amount_mad=refund.amount_mad,
            **common,
        )
        for refund in pledge.refunds
    ]
    return [gift, *refunds]
