"""Telling a project's donors and followers, by mail, that it posted an update.

Each person gets one mail per update however many ways they are linked to the
project (donor twice over, donor and follower); updates for donors only go to
those who may read them. The mail is queued in the outbox in the transaction
that posts the update.
"""

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind
from crowdfund.notifications.outbox import queue_email
from crowdfund.pledges.models import Pledge
from crowdfund.updates.models import Follow, UpdateVisibility
from crowdfund.updates.visibility import donor_pledges, reads_every_update


def tell_readers(update):
    """Queue one mail to each donor and follower allowed to read `update`; returns the messages."""
    link = url_for("updates.show", slug=update.project.slug, update_id=update.id, _external=True)
    subject = _l(
        "News from %(project)s: %(title)s", project=update.project.title, title=update.title
    )
    messages = []
    for reader in readers_of(update):
        message = queue_email(
            reader,
            "updates/posted",
            subject,
            kind=NotificationKind.UPDATE_POSTED,
            key=f"update-posted:{update.id}:{reader.id}",
            update=update,
            project=update.project,
            link=link,
        )
        if message is not None:
            messages.append(message)
    return messages


def readers_of(update):
    """The people to tell about `update`, each once, in a fixed order; never its author."""
    project = update.project
    donor_ids = (
        donor_pledges().where(Pledge.project_id == project.id).with_only_columns(Pledge.donor_id)
    )
    donors = db.session.scalars(sa.select(User).where(User.id.in_(donor_ids))).all()
    followers = db.session.scalars(
        sa.select(User)
        .join(Follow, Follow.user_id == User.id)
        .where(Follow.project_id == project.id)
    ).all()
    if update.visibility == UpdateVisibility.DONORS:
        member_ids = {member.user_id for member in project.organisation.members}
        followers = [
            user for user in followers if user.id in member_ids or reads_every_update(user)
        ]
    readers = {user.id: user for user in [*donors, *followers]}
    readers.pop(update.author_id, None)
    return [readers[user_id] for user_id in sorted(readers) if readers[user_id].is_active]
