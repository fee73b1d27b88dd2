"""Who reads a project's updates for donors only: its donors, its members, reviewers and admins.

A donor is someone with a captured pledge to the project; a pledge refunded in
full no longer counts.
"""

import sqlalchemy as sa

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.permissions import Permission, can
from crowdfund.pledges.models import Pledge, PledgeState

#: Roles that read every update, whichever project it belongs to.
ROLES_READING_EVERY_UPDATE = (Role.REVIEWER, Role.ADMIN)


def donor_pledges():
    """The captured pledges, whose donors are a project's donors."""
    return sa.select(Pledge.project_id, Pledge.donor_id).where(Pledge.state == PledgeState.CAPTURED)


def gave_to(user, project):
    """Whether `user` is a donor of `project`."""
    pledges = donor_pledges().where(Pledge.donor_id == user.id, Pledge.project_id == project.id)
    return db.session.scalar(sa.select(pledges.exists()))


def reads_every_update(user):
    return any(user.has_role(role) for role in ROLES_READING_EVERY_UPDATE)


def reads_donor_updates(user, project):
    """Whether `user` (possibly anonymous) may read the project's updates for donors only."""
    if not user.is_authenticated:
        return False
    if reads_every_update(user) or can(user, Permission.MANAGE_PROJECT, project):
        return True
    return gave_to(user, project)
