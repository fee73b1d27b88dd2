"""Row locks that make concurrent workers (webhooks, requests, settlement) go one at a time."""

import sqlalchemy as sa
from sqlalchemy.exc import NoResultFound
from sqlalchemy.orm import lazyload

from crowdfund.extensions import db
from crowdfund.transactions import transaction_cache


def locked(instance):
    """Lock `instance`'s row until the transaction ends and reload it from the database."""
    return lock(type(instance), instance.id)


def lock(model, row_id):
    """Lock the row of `model` with `row_id` until the transaction ends; the instance, reloaded.

    The lock is FOR NO KEY UPDATE, not FOR UPDATE: rows that merely name this one by a
    foreign key (a new pledge naming its project and matching fund) take a KEY SHARE
    lock on it, and a FOR UPDATE would wait for them, and they for it: a deadlock.

    A row already locked in this transaction is not read again: nobody else can have
    changed it since, and this session holds its latest state.
    """
    held = transaction_cache("locked_rows")
    if (model, row_id) in held:
        instance = db.session.get(model, row_id)
        if instance is not None:
            return instance
    # Autoflush writes this session's pending changes before the row is read back; the
    # relationships are left to load when used, not eagerly with every lock.
    instance = lock_where(model, model.id == row_id)
    if instance is None:
        raise NoResultFound(f"no {model.__name__} {row_id} to lock")
    return instance


def lock_where(model, *criteria):
    """The row of `model` that `criteria` pick, locked and reloaded as `lock` does; or None."""
    instance = db.session.scalars(
        sa.select(model)
        .where(*criteria)
        .with_for_update(key_share=True)
        .options(lazyload("*"))
        .execution_options(populate_existing=True)
    ).one_or_none()
    if instance is not None:
        transaction_cache("locked_rows")[(model, instance.id)] = True
    return instance
