"""Row locks that make concurrent workers (webhooks, requests, settlement) go one at a time."""

import sqlalchemy as sa

from crowdfund.extensions import db


def locked(instance):
    """Lock `instance`'s row until the transaction ends and reload it from the database.

    The lock is FOR NO KEY UPDATE, not FOR UPDATE: rows that merely name this one by a
    foreign key (a new pledge naming its project and matching fund) take a KEY SHARE
    lock on it, and a FOR UPDATE would wait for them, and they for it: a deadlock.
    """
    model = type(instance)
    # Autoflush writes this session's pending changes before the row is read back.
    return db.session.scalars(
        sa.select(model)
        .where(model.id == instance.id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one()
