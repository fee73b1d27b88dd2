"""Row locks that make concurrent workers (webhooks, requests, settlement) go one at a time."""

import sqlalchemy as sa

from crowdfund.extensions import db


def locked(instance):
    """Lock `instance`'s row until the transaction ends and reload it from the database."""
    model = type(instance)
    # Autoflush writes this session's pending changes before the row is read back.
    return db.session.scalars(
        sa.select(model)
        .where(model.id == instance.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
