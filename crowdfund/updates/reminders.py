"""Telling owners and reviewers that a progress report is overdue, once per overdue period.

A reminder row per project and due date records that the period was announced:
the periodic job may run every minute, from cron and a loop at once, and still
queues each mail once. A new progress report moves the due date, so the next
late report is announced again.
"""

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from crowdfund.accounts.models import Role, User, UserRole
from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind
from crowdfund.notifications.outbox import queue_email
from crowdfund.updates.models import ReportReminder
from crowdfund.updates.reporting import overdue_reports


def remind_overdue_reports(now=None):
    """Announce every overdue report not yet announced; returns a summary for the job's log."""
    overdue = overdue_reports(now)
    announced_before = _announced([project.id for project, _duty in overdue])
    due = [
        (project, duty)
        for project, duty in overdue
        if (project.id, duty.due_on) not in announced_before
    ]
    reviewers = _reviewers() if due else []
    announced = 0
    for project, duty in due:
        if _record_reminder(project, duty.due_on):
            _queue_reminders(project, duty, reviewers)
            announced += 1
    return f"{announced} overdue progress report(s) announced"


def _announced(project_ids):
    """(project id, due date) of the periods already announced for these projects."""
    rows = db.session.execute(
        sa.select(ReportReminder.project_id, ReportReminder.due_on).where(
            ReportReminder.project_id.in_(project_ids)
        )
    )
    return {(project_id, due_on) for project_id, due_on in rows}


def _record_reminder(project, due_on):
    """Record that this period is announced; False if another run recorded it first."""
    try:
        with db.session.begin_nested():
            db.session.add(ReportReminder(project_id=project.id, due_on=due_on))
    except IntegrityError:
        return False
    return True


def _queue_reminders(project, duty, reviewers):
    members = [member.user for member in project.organisation.members]
    member_ids = {user.id for user in members}
    recipients = [(user, True) for user in members] + [
        (user, False) for user in reviewers if user.id not in member_ids
    ]
    subject = _l("A progress report on %(project)s is overdue", project=project.title)
    for user, is_member in recipients:
        if not user.is_active:
            continue
        queue_email(
            user,
            "updates/report_overdue",
            subject,
            kind=NotificationKind.REPORT_OVERDUE,
            key=f"report-overdue:{project.id}:{duty.due_on.isoformat()}:{user.id}",
            project=project,
            duty=duty,
            is_member=is_member,
            link=_link_for(project, is_member),
        )


def _link_for(project, is_member):
    """Members go to the form of a new update; reviewers to the project's updates."""
    endpoint = "updates.new" if is_member else "updates.index"
    return url_for(endpoint, slug=project.slug, _external=True)


def _reviewers():
    return db.session.scalars(
        sa.select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.REVIEWER)
        .order_by(User.id)
    ).all()
