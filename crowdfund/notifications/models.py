"""Mail waiting to be sent (the outbox) and the kinds of mail a person has turned off."""

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import TimestampMixin, enum_column


class NotificationKind(StrEnum):
    """What a message is about; people choose by kind which mail they receive."""

    PLEDGE_CONFIRMED = "pledge_confirmed"
    #: The donor must act (authenticate, give another card) or lose the pledge.
    PAYMENT_ACTION = "payment_action"
    #: A campaign funded or failed, a pledge released or lapsed.
    CAMPAIGN_RESULT = "campaign_result"
    UPDATE_POSTED = "update_posted"
    MILESTONE_RELEASED = "milestone_released"
    REPORT_OVERDUE = "report_overdue"

    @property
    def label(self):
        return KIND_LABELS[self]

    @property
    def can_be_turned_off(self):
        return self not in MANDATORY_KINDS


KIND_LABELS = {
    NotificationKind.PLEDGE_CONFIRMED: _l("My gift is confirmed"),
    NotificationKind.PAYMENT_ACTION: _l("My payment needs me to act"),
    NotificationKind.CAMPAIGN_RESULT: _l("A project I gave to is funded or failed"),
    NotificationKind.UPDATE_POSTED: _l("A project I follow or gave to posts an update"),
    NotificationKind.MILESTONE_RELEASED: _l("Money is released for a milestone"),
    NotificationKind.REPORT_OVERDUE: _l("A progress report is overdue"),
}

#: Without these a donor would lose a pledge without knowing why: they cannot be turned off.
MANDATORY_KINDS = frozenset({NotificationKind.PAYMENT_ACTION})


class OutboxMessage(TimestampMixin, db.Model):
    """One mail, rendered in its recipient's language, written with the event it reports.

    Pending while `sent_at` is empty and `next_attempt_at` is set; sent once
    `sent_at` is set; given up (kept, with its last error) when `next_attempt_at`
    is cleared after the last allowed attempt.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        sa.Index("ix_outbox_messages_due", "sent_at", "next_attempt_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Names the event, so that the same event never queues the same mail twice.
    message_key: Mapped[str] = mapped_column(sa.String(200), unique=True)
    recipient_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    address: Mapped[str] = mapped_column(sa.String(254))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
    locale: Mapped[str] = mapped_column(sa.String(8))
    subject: Mapped[str] = mapped_column(sa.String(998))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text)
    #: The signed one-click unsubscribe address (RFC 8058); none for mail that cannot be refused.
    unsubscribe_url: Mapped[str | None] = mapped_column(sa.String(1000))
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)

    recipient = relationship("User")

    @property
    def given_up(self):
        return self.sent_at is None and self.next_attempt_at is None

    def __repr__(self):
        return f"<OutboxMessage {self.id} {self.kind} to {self.address}>"


class NotificationOptOut(TimestampMixin, db.Model):
    """A kind of mail a user turned off; no row means the user receives it."""

    __tablename__ = "notification_opt_outs"
    __table_args__ = (sa.UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(enum_column(NotificationKind))
