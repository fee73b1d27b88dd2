"""Receipts: one per captured pledge, numbered without gaps per calendar year (UTC)."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from crowdfund.extensions import db


class Receipt(db.Model):
    """The receipt of one captured pledge, as issued: its number never changes nor is reused.

    The donor's name and country are kept as they were at the capture, so that a
    receipt downloaded again says what it said the first time.
    """

    __tablename__ = "receipts"
    __table_args__ = (
        sa.UniqueConstraint("year", "sequence"),
        sa.CheckConstraint("sequence > 0", name="sequence_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(sa.ForeignKey("pledges.id"), unique=True)
    #: The year of the capture, in UTC.
    year: Mapped[int]
    sequence: Mapped[int]
    #: "2026-000123": the year and the sequence within it.
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    issued_at: Mapped[datetime] = mapped_column(sa.DateTime)
    donor_name: Mapped[str] = mapped_column(sa.String(120))
    donor_country: Mapped[str] = mapped_column(sa.String(2))

    pledge = relationship("Pledge", backref=backref("receipt", uselist=False))


class ReceiptCounter(db.Model):
    """The last sequence issued in a year: its row is locked by each issue until commit."""

    __tablename__ = "receipt_counters"
    __table_args__ = (sa.CheckConstraint("last_sequence >= 0", name="last_sequence_not_negative"),)

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_sequence: Mapped[int] = mapped_column(default=0)
