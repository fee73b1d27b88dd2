"""Reading back what the audit log holds."""

import sqlalchemy as sa

from crowdfund.audit.models import AuditEntry
from crowdfund.extensions import db


def audit_entries(action=None):
    """The audit entries, oldest first, of `action` if given."""
    statement = sa.select(AuditEntry).order_by(AuditEntry.id)
    if action is not None:
        statement = statement.where(AuditEntry.action == action)
    return db.session.scalars(statement).all()
