"""What people read of updates: a project's, as one viewer may see them, and a person's feed.

Other domains read updates and the reporting duty from here; each function runs
a fixed number of queries however many updates and images there are.
"""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.extensions import db
from crowdfund.organisations.models import OrganisationMember
from crowdfund.permissions import Permission, can
from crowdfund.pledges.models import Pledge
from crowdfund.projects.models import PUBLIC_STATES, Project
from crowdfund.updates.models import Follow, ProjectUpdate, UpdateImage, UpdateVisibility
from crowdfund.updates.reporting import ReportingDuty, reporting_duty
from crowdfund.updates.visibility import donor_pledges, reads_donor_updates, reads_every_update

__all__ = ["ReportingDuty", "count_updates_for", "feed_for", "reporting_duty", "updates_for"]


def updates_for(project, viewer, limit=None):
    """The updates of `project` that `viewer` (possibly anonymous) may read, newest first."""
    query = _readable_by(project, viewer)
    if query is None:
        return []
    query = _with_details(query).order_by(ProjectUpdate.created_at.desc(), ProjectUpdate.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return db.session.scalars(query).all()


def count_updates_for(project, viewer):
    """How many updates of `project` `viewer` may read."""
    query = _readable_by(project, viewer)
    if query is None:
        return 0
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))


def feed_for(user, limit=20):
    """The latest updates of the projects `user` follows or gave to, those they may read."""
    followed = sa.select(Follow.project_id).where(Follow.user_id == user.id)
    given = donor_pledges().where(Pledge.donor_id == user.id).with_only_columns(Pledge.project_id)
    query = (
        sa.select(ProjectUpdate)
        .join(Project, Project.id == ProjectUpdate.project_id)
        .where(
            Project.state.in_(PUBLIC_STATES),
            sa.or_(ProjectUpdate.project_id.in_(followed), ProjectUpdate.project_id.in_(given)),
        )
    )
    if not reads_every_update(user):
        member_of = (
            sa.select(Project.id)
            .join(
                OrganisationMember,
                OrganisationMember.organisation_id == Project.organisation_id,
            )
            .where(OrganisationMember.user_id == user.id)
        )
        query = query.where(
            sa.or_(
                ProjectUpdate.visibility == UpdateVisibility.PUBLIC,
                ProjectUpdate.project_id.in_(given),
                ProjectUpdate.project_id.in_(member_of),
            )
        )
    query = _with_details(query).options(
        joinedload(ProjectUpdate.project).joinedload(Project.organisation)
    )
    return db.session.scalars(
        query.order_by(ProjectUpdate.created_at.desc(), ProjectUpdate.id.desc()).limit(limit)
    ).all()


def _readable_by(project, viewer):
    """The query of the project's updates `viewer` may read; None if they may not see it."""
    if not can(viewer, Permission.VIEW_PROJECT, project):
        return None
    query = sa.select(ProjectUpdate).where(ProjectUpdate.project_id == project.id)
    if not reads_donor_updates(viewer, project):
        query = query.where(ProjectUpdate.visibility == UpdateVisibility.PUBLIC)
    return query


def _with_details(query):
    return query.options(
        joinedload(ProjectUpdate.author),
        selectinload(ProjectUpdate.images).joinedload(UpdateImage.file),
    )
