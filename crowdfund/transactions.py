"""Working within the current database transaction: what it already knows, and idempotent inserts.

The money path runs many small transactions (a webhook, a capture); each of these
helpers saves round trips to the database without changing what is written.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from crowdfund.extensions import db

_CACHE_KEY = "transaction_cache"
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def transaction_cache(name):
    """A dict that lives as long as the session's current transaction, for facts it settled.

    What it holds was true inside this transaction only: that a row is locked, the
    id of an account found or created. It is emptied when the transaction ends and
    on any rollback (a savepoint's too), since a rolled-back write or lock is gone.
    A commit by any other session of the process empties it too: the tests and the
    development server run several sessions over one connection, where a row lock
    keeps nobody out.
    """
    session = db.session()
    root = session.get_transaction()
    owner, commits, caches = session.info.get(_CACHE_KEY, (None, None, None))
    if root is None or owner is not root or commits != _commits[0]:
        caches = {}
        session.info[_CACHE_KEY] = (root, _commits[0], caches)
    return caches.setdefault(name, {})


#: Commits made by every session of the process so far (a one-item list, to be changed in place).
_commits = [0]


@sa.event.listens_for(Session, "after_commit")
def _count_commit(session):
    _commits[0] += 1


@sa.event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session, previous_transaction):
    session.info.pop(_CACHE_KEY, None)


@sa.event.listens_for(Session, "after_transaction_end")
def _forget_after_end(session, transaction):
    if transaction.parent is None:
        session.info.pop(_CACHE_KEY, None)


def insert_or_nothing(model, *, conflict_on):
    """`INSERT … ON CONFLICT (conflict_on) DO NOTHING` for the session's database.

    A duplicate then inserts nothing instead of failing, so no savepoint is needed
    to keep the transaction usable; add `.returning(...)` to learn whether it did.
    """
    dialect = db.session.get_bind().dialect.name
    return _INSERTS[dialect](model).on_conflict_do_nothing(index_elements=conflict_on)
