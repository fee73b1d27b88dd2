"""The webhook events already applied, so that a delivery applied twice changes nothing."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from crowdfund.extensions import db
from crowdfund.timeutil import utcnow


class ProcessedEvent(db.Model):
    __tablename__ = "processed_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The processor's event id (`evt_...`); unique, so a second delivery cannot be recorded.
    event_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    type: Mapped[str] = mapped_column(sa.String(100))
    processed_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
