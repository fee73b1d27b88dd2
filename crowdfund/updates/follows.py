"""Following a project: its updates come by mail and in the follower's feed."""

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from crowdfund.extensions import db
from crowdfund.projects.models import PUBLIC_STATES, Project
from crowdfund.updates.models import Follow


def follow(user, project):
    """Make `user` follow `project`; following twice, even at the same moment, keeps one row."""
    if is_following(user, project):
        return
    try:
        with db.session.begin_nested():
            db.session.add(Follow(user_id=user.id, project_id=project.id))
    except IntegrityError:
        # Another request of the same person followed it meanwhile: the wish is met.
        pass


def unfollow(user, project):
    """Stop following `project`; unfollowing a project one does not follow changes nothing."""
    db.session.execute(
        sa.delete(Follow).where(Follow.user_id == user.id, Follow.project_id == project.id)
    )
    db.session.flush()


def is_following(user, project):
    """Whether `user` (possibly anonymous) follows `project`."""
    if not user.is_authenticated:
        return False
    return db.session.scalar(
        sa.select(sa.exists().where(Follow.user_id == user.id, Follow.project_id == project.id))
    )


def followed_projects(user):
    """The public projects `user` follows, the most recently followed first, in one query."""
    return db.session.scalars(
        sa.select(Project)
        .join(Follow, Follow.project_id == Project.id)
        .where(Follow.user_id == user.id, Project.state.in_(PUBLIC_STATES))
        .options(joinedload(Project.organisation), joinedload(Project.cover_image))
        .order_by(Follow.created_at.desc(), Follow.id.desc())
    ).all()
