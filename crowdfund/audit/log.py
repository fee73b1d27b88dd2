"""Write the audit log: `record` is called by every service a privileged user acts through."""

from datetime import date, datetime
from decimal import Decimal
from enum import Enum

from flask import has_request_context, request
from flask_login import current_user

from crowdfund.audit.models import AuditEntry
from crowdfund.extensions import db


def record(action, target, *, before=None, after=None, actor=None):
    """Add an audit entry for `action` on `target` (a model instance) and flush.

    `actor` defaults to the user of the current request; the IP address is the
    request's, None outside one. `before` and `after` are plain dicts; dates,
    enums and decimals in them are stored as strings.
    """
    if target.id is None:
        db.session.flush()
    entry = AuditEntry(
        actor_id=_actor_id(actor),
        action=action,
        target_type=type(target).__name__,
        target_id=target.id,
        before=_jsonable(before),
        after=_jsonable(after),
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def _actor_id(actor):
    if actor is not None:
        return actor.id
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None


def _jsonable(value):
    """`value` with what JSON cannot hold turned into strings, numbers or lists."""
    if isinstance(value, Enum):
        return value.value
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_jsonable(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    return str(value)
