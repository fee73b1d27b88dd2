"""The periodic job tells a project's members and the reviewers, once per overdue period, that
its progress report is late."""

from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from crowdfund import jobs
from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind
from crowdfund.organisations.models import OrganisationMember
from crowdfund.timeutil import utcnow
from crowdfund.updates.models import ReportReminder
from crowdfund.updates.reminders import remind_overdue_reports
from tests.factories import OwnerFactory, ProjectFactory, ReviewerFactory
from tests.factories.updates import ProjectUpdateFactory
from tests.updates.conftest import queued

WENT_LIVE = datetime(2026, 1, 10, 9, 0)
LATE = datetime(2026, 4, 11, 8, 0)  # the day after the report was due


def _overdue_mail():
    return queued(NotificationKind.REPORT_OVERDUE)


@pytest.fixture
def late():
    project = ProjectFactory(title="Late well", published_at=WENT_LIVE)
    project.organisation.created_by.email = "fatima@example.org"
    return project


@pytest.fixture
def reviewers():
    return [
        ReviewerFactory(email="nadia@example.org"),
        ReviewerFactory(email="karim@example.org", name="Karim Tazi"),
    ]


@pytest.mark.usefixtures("reviewers")
def test_members_and_reviewers_are_told_once(late):
    assert remind_overdue_reports(LATE) == "1 overdue progress report(s) announced"
    assert remind_overdue_reports(LATE + timedelta(days=3)) == (
        "0 overdue progress report(s) announced"
    )

    assert [message.address for message in _overdue_mail()] == [
        "fatima@example.org",
        "karim@example.org",
        "nadia@example.org",
    ]


@pytest.mark.usefixtures("reviewers")
def test_the_mail_tells_members_to_post_and_reviewers_where_to_look(late):
    remind_overdue_reports(LATE)

    by_address = {message.address: message for message in _overdue_mail()}
    to_member, to_reviewer = by_address["fatima@example.org"], by_address["karim@example.org"]
    assert to_member.subject == "A progress report on Late well is overdue"
    assert "was due on Apr 10, 2026" in to_member.text_body
    assert f"http://localhost/projects/{late.slug}/updates/new" in to_member.text_body
    assert "has not posted the progress report on Late well" in to_reviewer.text_body
    assert "Hello Karim Tazi," in to_reviewer.text_body
    assert f"http://localhost/projects/{late.slug}/updates" in to_reviewer.html_body


def test_a_member_who_is_also_a_reviewer_is_told_once(late):
    both = OwnerFactory(email="both@example.org", roles=[Role.OWNER, Role.REVIEWER])
    late.organisation.members.append(OrganisationMember(user=both))

    remind_overdue_reports(LATE)

    assert [message.address for message in _overdue_mail()] == [
        "both@example.org",
        "fatima@example.org",
    ]


@pytest.mark.usefixtures("reviewers")
def test_a_new_overdue_period_is_announced_again(late):
    remind_overdue_reports(LATE)
    ProjectUpdateFactory(project=late, is_progress_report=True, created_at=LATE)

    in_time = remind_overdue_reports(LATE + timedelta(days=90))
    late_again = remind_overdue_reports(LATE + timedelta(days=91))

    assert in_time == "0 overdue progress report(s) announced"
    assert late_again == "1 overdue progress report(s) announced"
    assert len(_overdue_mail()) == 6
    assert sum("was due on Jul 10, 2026" in m.text_body for m in _overdue_mail()) == 3


@pytest.mark.usefixtures("reviewers")
def test_projects_that_reported_on_time_are_left_alone(late):
    ProjectUpdateFactory(project=late, is_progress_report=True, created_at=datetime(2026, 4, 1))

    assert remind_overdue_reports(LATE) == "0 overdue progress report(s) announced"
    assert _overdue_mail() == []


@pytest.mark.usefixtures("reviewers")
def test_the_periodic_job_announces_an_overdue_report_once():
    ProjectFactory(published_at=utcnow() - timedelta(days=91, hours=1))

    first = jobs.run_periodic_jobs()["remind overdue progress reports"]
    second = jobs.run_periodic_jobs()["remind overdue progress reports"]

    assert first == "1 overdue progress report(s) announced"
    assert second == "0 overdue progress report(s) announced"
    assert len(_overdue_mail()) == 3


def test_the_reminder_is_dated_by_its_due_day(late):
    remind_overdue_reports(LATE)

    [reminder] = db.session.scalars(sa.select(ReportReminder)).all()
    assert (reminder.project_id, reminder.due_on) == (late.id, date(2026, 4, 10))
