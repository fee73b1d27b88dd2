"""On PostgreSQL, the reminder job run by cron and the development loop at once announces an
overdue report once, and a double click on Follow makes one follow.

Each thread has its own request context, session and connection on a database
of its own (committed data), dropped at the end.
"""

import threading
from datetime import timedelta

import sqlalchemy as sa

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.projects.models import Project
from crowdfund.timeutil import utcnow
from crowdfund.updates.follows import follow
from crowdfund.updates.models import Follow, ReportReminder
from crowdfund.updates.reminders import remind_overdue_reports
from tests.factories import ProjectFactory, ReviewerFactory, UserFactory

THREADS = 4


def _in_threads(app, work):
    """Run `work()` in THREADS threads started together, each committing; their results."""
    start = threading.Barrier(THREADS)
    results = [None] * THREADS

    def run(number):
        with app.test_request_context():
            start.wait()
            results[number] = work()
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _count(app, model, *where):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_concurrent_runs_announce_an_overdue_report_once(committed_app):
    with committed_app.app_context():
        ProjectFactory(published_at=utcnow() - timedelta(days=100))
        ReviewerFactory()
        db.session.commit()

    results = _in_threads(committed_app, remind_overdue_reports)

    assert sorted(results) == ["0 overdue progress report(s) announced"] * (THREADS - 1) + [
        "1 overdue progress report(s) announced"
    ]
    assert _count(committed_app, ReportReminder) == 1
    kind = OutboxMessage.kind == NotificationKind.REPORT_OVERDUE
    assert _count(committed_app, OutboxMessage, kind) == 2


def test_a_double_click_on_follow_makes_one_follow(committed_app):
    with committed_app.app_context():
        user_id, project_id = UserFactory().id, ProjectFactory().id
        db.session.commit()

    _in_threads(
        committed_app,
        lambda: follow(db.session.get(User, user_id), db.session.get(Project, project_id)),
    )

    assert _count(committed_app, Follow) == 1
