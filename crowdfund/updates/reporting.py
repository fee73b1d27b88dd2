"""The reporting duty: a live or funded project owes a progress report every REPORT_INTERVAL_DAYS.

The days count from the project going live (`published_at`) or from its last
progress report, whichever is later. A report is due by the end of its due day
(UTC) and overdue from the next day on.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from crowdfund.extensions import db
from crowdfund.projects.models import Project, ProjectState
from crowdfund.timeutil import utcnow
from crowdfund.updates.models import ProjectUpdate

#: Project states that owe progress reports: raising funds, or funded and spending them.
REPORTING_STATES = frozenset({ProjectState.LIVE, ProjectState.FUNDED})


@dataclass(frozen=True)
class ReportingDuty:
    #: The last day to post the next progress report; None when the project owes none.
    due_on: date | None
    overdue: bool
    #: When the last progress report was posted; None if there was none.
    last_report_at: datetime | None


def reporting_duty(project, now=None):
    """What `project` owes now: when its next progress report is due and whether it is late."""
    last_report_at = db.session.scalar(
        sa.select(sa.func.max(ProjectUpdate.created_at)).where(
            ProjectUpdate.project_id == project.id, ProjectUpdate.is_progress_report.is_(True)
        )
    )
    return duty_of(project, last_report_at, now)


def overdue_reports(now=None):
    """(project, duty) for every project whose progress report is overdue, the longest overdue
    first, in one query."""
    now = now or utcnow()
    last_report = (
        sa.select(
            ProjectUpdate.project_id,
            sa.func.max(ProjectUpdate.created_at).label("last_report_at"),
        )
        .where(ProjectUpdate.is_progress_report.is_(True))
        .group_by(ProjectUpdate.project_id)
        .subquery()
    )
    counted_from = sa.func.coalesce(last_report.c.last_report_at, Project.published_at)
    # Overdue when counted from a day before this one: the cut-off is a datetime
    # computed here, so the comparison reads the same on every database.
    cutoff = datetime.combine(now.date() - timedelta(days=_interval_days()), time.min)
    rows = db.session.execute(
        sa.select(Project, last_report.c.last_report_at)
        .outerjoin(last_report, last_report.c.project_id == Project.id)
        .where(
            Project.state.in_(REPORTING_STATES),
            Project.published_at.is_not(None),
            counted_from < cutoff,
        )
        .options(joinedload(Project.organisation))
        .order_by(counted_from, Project.id)
    ).all()
    return [(project, duty_of(project, last_report_at, now)) for project, last_report_at in rows]


def duty_of(project, last_report_at, now=None):
    """The duty of `project` given when its last progress report was posted (None if never)."""
    if project.state not in REPORTING_STATES or project.published_at is None:
        return ReportingDuty(due_on=None, overdue=False, last_report_at=last_report_at)
    counted_from = last_report_at or project.published_at
    due_on = counted_from.date() + timedelta(days=_interval_days())
    today = (now or utcnow()).date()
    return ReportingDuty(due_on=due_on, overdue=today > due_on, last_report_at=last_report_at)


def _interval_days():
    return current_app.config["REPORT_INTERVAL_DAYS"]
