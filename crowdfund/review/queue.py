"""What waits for a reviewer, oldest first, and for how long."""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.geography.models import Commune
from crowdfund.organisations.models import Organisation
from crowdfund.organisations.services import pending_organisations
from crowdfund.projects.models import Project, ProjectState, ProjectTransition
from crowdfund.review.services import review_started_by
from crowdfund.timeutil import days_since

#: Project states that wait for a reviewer.
QUEUE_STATES = (ProjectState.SUBMITTED, ProjectState.IN_REVIEW)


@dataclass(frozen=True)
class Waiting:
    """An organisation or project in the queue and how long it has waited."""

    subject: Organisation | Project
    days: int
    overdue: bool
    #: The reviewer who took a project from the queue, once one has.
    started_by: User | None = None


def organisations_awaiting_verification(alert_days):
    return [
        _waiting(organisation, organisation.submitted_at, alert_days)
        for organisation in pending_organisations()
    ]


def projects_awaiting_review(alert_days):
    projects = db.session.scalars(
        sa.select(Project)
        .where(Project.state.in_(QUEUE_STATES))
        .options(
            joinedload(Project.organisation),
            joinedload(Project.commune).joinedload(Commune.province),
            # The history tells who started each review; loading it here keeps the
            # page at a fixed number of queries however long the queue is.
            selectinload(Project.transitions).joinedload(ProjectTransition.actor),
        )
        .order_by(Project.submitted_at, Project.id)
    ).all()
    return [
        _waiting(project, project.submitted_at, alert_days, started_by=review_started_by(project))
        for project in projects
    ]


def _waiting(subject, since, alert_days, started_by=None):
    days = days_since(since) if since else 0
    return Waiting(subject=subject, days=days, overdue=days > alert_days, started_by=started_by)
