"""The page generation: a number that grows in the same transaction as any change a page shows.

A kept page is filed under the generation it was rendered at. Every transaction that
writes rows a public page could read adds one to the generation just before it
commits, so the pages kept before it are never served again; a transaction that
rolls back changes neither. The write comes last in the transaction, so the row lock
it takes is held only until the commit and never waited on by a lock it holds. On
PostgreSQL the new value is also announced with NOTIFY, which the database delivers at
the commit, so that workers know it without asking (listening.py).

Writes are noticed from the session: what a flush inserted, changed or deleted, and
any statement other than a SELECT sent through `Session.execute`. Rows no public page
reads (the outbox, the audit log, reminders sent) do not count.
"""

from functools import cache

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from crowdfund.extensions import db

_CHANGED = "page_generation_changed"


class PageGeneration(db.Model):
    """The one row holding the current page generation."""

    __tablename__ = "page_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(sa.BigInteger, nullable=False, default=0)


_TABLE = PageGeneration.__table__
sa.event.listen(
    _TABLE, "after_create", sa.DDL("INSERT INTO page_generation (id, value) VALUES (1, 0)")
)


def read_generation():
    """The generation of the committed data this transaction sees; None without the row."""
    return db.session.execute(sa.select(_TABLE.c.value).where(_TABLE.c.id == 1)).scalar()


def has_unpublished_changes(session=None):
    """Whether the session has written, since its transaction began, rows pages may show.

    Such a session sees data no kept page was made from, and no other session sees yet.
    """
    return bool((session or db.session()).info.get(_CHANGED))


@cache
def _unseen_by_public_pages():
    from crowdfund.audit.models import AuditEntry
    from crowdfund.notifications.models import OutboxMessage
    from crowdfund.updates.models import ReportReminder

    return (AuditEntry, OutboxMessage, ReportReminder)


def _shown(instances):
    unseen = _unseen_by_public_pages()
    return any(not isinstance(instance, unseen) for instance in instances)


@sa.event.listens_for(Session, "after_flush")
def _note_flushed_changes(session, _flush_context):
    if _shown(session.new) or _shown(session.dirty) or _shown(session.deleted):
        session.info[_CHANGED] = True


@sa.event.listens_for(Session, "do_orm_execute")
def _note_statement_changes(state):
    if state.is_select:
        return
    mappers = state.all_mappers
    if mappers and all(mapper.class_ in _unseen_by_public_pages() for mapper in mappers):
        return
    state.session.info[_CHANGED] = True


#: The channel each new generation is announced on, on PostgreSQL (listening.py).
CHANNEL = "page_generation"
_ADVANCE = sa.update(_TABLE).where(_TABLE.c.id == 1).values(value=_TABLE.c.value + 1)
#: On PostgreSQL the new value is also announced, delivered to listeners at the commit only.
_ADVANCE_AND_ANNOUNCE = sa.text(
    "WITH advanced AS (UPDATE page_generation SET value = value + 1 WHERE id = 1 "
    "RETURNING value) SELECT pg_notify(:channel, value::text) FROM advanced"
).bindparams(channel=CHANNEL)


@sa.event.listens_for(Session, "before_commit")
def _advance_before_commit(session):
    if session.in_nested_transaction():
        return
    session.flush()
    if session.info.get(_CHANGED):
        # Through the connection: not a statement of the session, so not noticed as a change.
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            connection.execute(_ADVANCE_AND_ANNOUNCE)
        else:
            connection.execute(_ADVANCE)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_when_transaction_ends(session, transaction):
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)
