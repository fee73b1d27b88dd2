"""Audit entries: one row per privileged action, never changed or deleted once written."""

import json
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import make_append_only
from crowdfund.timeutil import utcnow


class AuditLogIsAppendOnly(Exception):
    """An attempt to change or delete an audit entry."""


class AuditEntry(db.Model):
    """What one reviewer, treasurer or administrator did to one record."""

    __tablename__ = "audit_entries"
    __table_args__ = (sa.Index("ix_audit_entries_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime, nullable=False, default=utcnow, index=True
    )
    #: Who acted; None for commands run outside a request without a user.
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    #: A short dotted name, e.g. "organisation.verified" or "fx_rate.imported".
    action: Mapped[str] = mapped_column(sa.String(80), index=True)
    #: The class name of the record acted upon, e.g. "Project".
    target_type: Mapped[str] = mapped_column(sa.String(60))
    target_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    before: Mapped[dict | None] = mapped_column(sa.JSON)
    after: Mapped[dict | None] = mapped_column(sa.JSON)
    #: IPv4 or IPv6 address of the request; None outside one.
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))

    actor = relationship("User")

    @property
    def changes(self):
        """[(field, value before, value after)] for every field named before or after."""
        before, after = self.before or {}, self.after or {}
        return [
            (name, _shown(before.get(name)), _shown(after.get(name)))
            for name in sorted(before.keys() | after.keys())
        ]


def _shown(value):
    """A stored value as one line of text: nested values as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


make_append_only(
    (AuditEntry,),
    error=AuditLogIsAppendOnly,
    row_message="audit entry #{id} is never changed or deleted",
    bulk_message="audit entries are never changed or deleted",
    function_name="audit_refuse_change",
    subject="the audit log",
)
