"""Pledges and their refunds; amounts are integers in minor units, MAD unless named otherwise."""

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin, enum_column
from crowdfund.projects.models import FundingModel
from crowdfund.timeutil import utcnow

MESSAGE_MAX_LENGTH = 500


class PledgeState(StrEnum):
    #: Created; the card is not saved yet.
    PENDING = "pending"
    #: All-or-nothing: the card is saved, to be charged if the campaign reaches its goal.
    SAVED = "saved"
    #: A payment is created and its result awaited.
    PROCESSING = "processing"
    #: The bank asks for 3-D Secure: the donor must come back and authenticate.
    REQUIRES_ACTION = "requires_action"
    CAPTURED = "captured"
    #: Declined; a donor may try another card with a new pledge.
    FAILED = "failed"
    #: All-or-nothing: the charge was not completed within the action window.
    LAPSED = "lapsed"
    #: All-or-nothing: the goal was missed and the card never charged.
    RELEASED = "released"
    #: Refunded in full.
    REFUNDED = "refunded"


class Pledge(TimestampMixin, db.Model):
    __tablename__ = "pledges"
    __table_args__ = (
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("amount_mad > 0", name="amount_mad_positive"),
        sa.CheckConstraint("fee_mad >= 0", name="fee_not_negative"),
        sa.CheckConstraint("charge_amount >= amount", name="charge_covers_amount"),
        sa.CheckConstraint("fx_rate_micro > 0", name="rate_positive"),
        sa.CheckConstraint("expected_match_mad >= 0", name="expected_match_not_negative"),
        sa.CheckConstraint("captured_mad >= 0", name="captured_not_negative"),
        sa.CheckConstraint(
            "refunded_mad >= 0 AND refunded_mad <= captured_mad", name="refunded_within_captured"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    donor_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    state: Mapped[PledgeState] = mapped_column(
        enum_column(PledgeState), default=PledgeState.PENDING, index=True
    )
    #: The project's funding model when the donor pledged.
    funding_model: Mapped[FundingModel] = mapped_column(enum_column(FundingModel))
    #: The gift in the donor's currency.
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))
    amount_mad: Mapped[int] = mapped_column(sa.BigInteger)
    #: The processing cost the donor covers on top of the gift.
    fee_mad: Mapped[int] = mapped_column(sa.BigInteger)
    #: What the card is charged, in the donor's currency: the gift and the processing cost.
    charge_amount: Mapped[int] = mapped_column(sa.BigInteger)
    fx_rate_micro: Mapped[int] = mapped_column(sa.BigInteger)
    fx_rate_date: Mapped[date]
    fx_source: Mapped[str] = mapped_column(sa.String(200))
    #: The match previewed when the donor pledged; the allocation at capture is what counts.
    match_fund_id: Mapped[int | None] = mapped_column(sa.ForeignKey("matching_funds.id"))
    expected_match_mad: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    #: The key of the request that created the pledge, so that a form sent twice makes one pledge.
    request_key: Mapped[str | None] = mapped_column(sa.String(100), unique=True)
    show_name: Mapped[bool] = mapped_column(default=False)
    message: Mapped[str] = mapped_column(sa.String(MESSAGE_MAX_LENGTH), default="")
    customer_id: Mapped[str | None] = mapped_column(sa.String(255))
    setup_intent_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    payment_method_id: Mapped[str | None] = mapped_column(sa.String(255))
    payment_intent_id: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    captured_mad: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    refunded_mad: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    failure_code: Mapped[str | None] = mapped_column(sa.String(100))
    failure_message: Mapped[str | None] = mapped_column(sa.String(500))
    #: When a settlement charge needing 3-D Secure, or declined, lapses if the donor has not
    #: completed it (all-or-nothing).
    action_deadline: Mapped[datetime | None] = mapped_column(sa.DateTime)
    #: Which card this is: a donor whose card was declined at settlement may give another one.
    attempt: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow, onupdate=utcnow)
    captured_at: Mapped[datetime | None] = mapped_column(sa.DateTime)

    project = relationship("Project")
    donor = relationship("User")
    match_fund = relationship("MatchingFund")
    refunds = relationship("PledgeRefund", back_populates="pledge", order_by="PledgeRefund.id")

    # Returned by the processor for the browser's Stripe.js and never stored.
    setup_client_secret = None
    payment_client_secret = None


class PledgeRefund(TimestampMixin, db.Model):
    """Money given back to a donor; the gateway's refund id makes it unique."""

    __tablename__ = "pledge_refunds"
    __table_args__ = (
        sa.CheckConstraint("amount_mad > 0", name="amount_mad_positive"),
        sa.CheckConstraint("amount > 0", name="amount_positive"),
        sa.CheckConstraint("match_reversed_mad >= 0", name="match_reversed_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pledge_id: Mapped[int] = mapped_column(sa.ForeignKey("pledges.id"), index=True)
    amount_mad: Mapped[int] = mapped_column(sa.BigInteger)
    #: What the donor gets back, in the pledge's currency.
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    #: The part of the pledge's match given back to its fund's pool.
    match_reversed_mad: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    reason: Mapped[str] = mapped_column(sa.String(500))
    refund_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))

    pledge = relationship("Pledge", back_populates="refunds")
    created_by = relationship("User")
