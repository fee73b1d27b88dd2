"""Finding audit entries: by who acted, what they did, on what, and when; newest first."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from crowdfund.accounts.models import User
from crowdfund.audit.models import AuditEntry
from crowdfund.extensions import db


@dataclass(frozen=True)
class AuditFilters:
    """What to look for; None everywhere finds every entry."""

    actor_email: str | None = None
    #: An action ("project.approved") or the start of one ("project.").
    action: str | None = None
    target_type: str | None = None
    target_id: int | None = None
    #: Days (UTC), both included.
    since: date | None = None
    until: date | None = None


def find_entries(filters):
    """A select of the audit entries matching `filters`, newest first, with their actor."""
    statement = (
        sa.select(AuditEntry)
        .options(joinedload(AuditEntry.actor))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    if filters.actor_email:
        statement = statement.where(
            AuditEntry.actor_id.in_(
                sa.select(User.id).where(
                    User.email.contains(filters.actor_email.strip().lower(), autoescape=True)
                )
            )
        )
    if filters.action:
        statement = statement.where(
            AuditEntry.action.startswith(filters.action.strip(), autoescape=True)
        )
    if filters.target_type:
        statement = statement.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        statement = statement.where(AuditEntry.target_id == filters.target_id)
    if filters.since:
        statement = statement.where(
            AuditEntry.created_at >= datetime.combine(filters.since, time())
        )
    if filters.until:
        next_day = datetime.combine(filters.until + timedelta(days=1), time())
        statement = statement.where(AuditEntry.created_at < next_day)
    return statement


def target_types():
    """The kinds of record the log has entries about, by name."""
    return db.session.scalars(
        sa.select(AuditEntry.target_type).distinct().order_by(AuditEntry.target_type)
    ).all()
