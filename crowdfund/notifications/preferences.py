"""Which kinds of mail each person receives: everything, except the kinds they turned off."""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, NotificationOptOut


def turned_off_kinds(user):
    """The kinds of mail `user` turned off."""
    return set(
        db.session.scalars(
            sa.select(NotificationOptOut.kind).where(NotificationOptOut.user_id == user.id)
        )
    )


def receives(user, kind):
    """Whether mail of `kind` goes to `user`; mail that cannot be turned off always does."""
    if not kind.can_be_turned_off:
        return True
    return not db.session.scalar(
        sa.select(
            sa.exists().where(
                NotificationOptOut.user_id == user.id, NotificationOptOut.kind == kind
            )
        )
    )


def turn_off(user, kind):
    """Stop mail of `kind` to `user`; turning off twice, or a mandatory kind, changes nothing."""
    if kind.can_be_turned_off and kind not in turned_off_kinds(user):
        db.session.add(NotificationOptOut(user_id=user.id, kind=kind))
        db.session.flush()


def choose_kinds(user, wanted):
    """Receive exactly the kinds in `wanted` among those that can be turned off."""
    off = turned_off_kinds(user)
    for kind in NotificationKind:
        if not kind.can_be_turned_off:
            continue
        if kind in wanted and kind in off:
            db.session.execute(
                sa.delete(NotificationOptOut).where(
                    NotificationOptOut.user_id == user.id, NotificationOptOut.kind == kind
                )
            )
        elif kind not in wanted and kind not in off:
            db.session.add(NotificationOptOut(user_id=user.id, kind=kind))
    db.session.flush()
