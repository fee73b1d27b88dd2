"""Live and funded projects owe a progress report every REPORT_INTERVAL_DAYS (90 by default),
counted from going live or from the last progress report."""

from datetime import date, datetime, timedelta

import pytest

from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import utcnow
from crowdfund.updates.reporting import ReportingDuty, overdue_reports, reporting_duty
from tests.factories import ProjectFactory
from tests.factories.updates import ProjectUpdateFactory

WENT_LIVE = datetime(2026, 1, 10, 23, 30)
DUE = date(2026, 4, 10)  # 90 days after 10 January


def _at(day, hour=12):
    return datetime.combine(day, datetime.min.time()).replace(hour=hour)


@pytest.fixture
def live():
    return ProjectFactory(state=ProjectState.LIVE, published_at=WENT_LIVE)


def test_a_report_is_due_ninety_days_after_going_live(live):
    assert reporting_duty(live, now=_at(DUE)) == ReportingDuty(
        due_on=DUE, overdue=False, last_report_at=None
    )


@pytest.mark.parametrize(
    ("now", "overdue"),
    [
        (_at(DUE - timedelta(days=1)), False),
        (_at(DUE, hour=0), False),
        (datetime.combine(DUE, datetime.max.time()), False),
        (_at(DUE + timedelta(days=1), hour=0), True),
        (_at(DUE + timedelta(days=30)), True),
    ],
)
def test_a_report_is_overdue_from_the_day_after_it_was_due(live, now, overdue):
    assert reporting_duty(live, now=now).overdue is overdue
    assert (live in [project for project, _duty in overdue_reports(now)]) is overdue


def test_a_progress_report_starts_the_next_ninety_days(live):
    reported_at = _at(DUE + timedelta(days=5))
    ProjectUpdateFactory(project=live, is_progress_report=True, created_at=reported_at)

    duty = reporting_duty(live, now=_at(DUE + timedelta(days=6)))

    assert duty == ReportingDuty(
        due_on=reported_at.date() + timedelta(days=90), overdue=False, last_report_at=reported_at
    )


def test_an_update_that_is_not_a_progress_report_does_not_count(live):
    ProjectUpdateFactory(project=live, is_progress_report=False, created_at=_at(DUE))

    assert reporting_duty(live, now=_at(DUE + timedelta(days=1))).overdue


def test_the_latest_progress_report_counts(live):
    ProjectUpdateFactory(project=live, is_progress_report=True, created_at=_at(date(2026, 2, 1)))
    ProjectUpdateFactory(project=live, is_progress_report=True, created_at=_at(date(2026, 3, 1)))

    assert reporting_duty(live, now=_at(DUE)).due_on == date(2026, 5, 30)


def test_the_interval_is_a_setting(app, live, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_INTERVAL_DAYS", 30)

    assert reporting_duty(live, now=_at(DUE)).due_on == date(2026, 2, 9)


def test_a_funded_project_owes_reports_too():
    funded = ProjectFactory(state=ProjectState.FUNDED, published_at=WENT_LIVE)

    assert reporting_duty(funded, now=_at(DUE + timedelta(days=1))).overdue


@pytest.mark.parametrize(
    "state", [ProjectState.COMPLETED, ProjectState.FAILED, ProjectState.APPROVED]
)
def test_other_projects_owe_nothing(state):
    project = ProjectFactory(state=state, published_at=WENT_LIVE)
    later = _at(DUE + timedelta(days=400))

    assert reporting_duty(project, now=later) == ReportingDuty(None, False, None)
    assert overdue_reports(later) == []


def test_overdue_reports_lists_the_longest_overdue_first():
    reported = ProjectFactory(published_at=WENT_LIVE - timedelta(days=200))
    ProjectUpdateFactory(project=reported, is_progress_report=True, created_at=WENT_LIVE)
    never = ProjectFactory(published_at=WENT_LIVE - timedelta(days=10))
    on_time = ProjectFactory(published_at=WENT_LIVE + timedelta(days=30))

    overdue = overdue_reports(_at(DUE + timedelta(days=20)))

    assert [project for project, _duty in overdue] == [never, reported]
    assert [duty.due_on for _project, duty in overdue] == [DUE - timedelta(days=10), DUE]
    assert on_time not in [project for project, _duty in overdue]


def _overdue_project():
    return ProjectFactory(title="Late well", published_at=utcnow() - timedelta(days=120))


def test_an_overdue_project_is_flagged_on_its_updates_section(client):
    project = _overdue_project()

    page = client.get(f"/projects/{project.slug}/updates").get_data(True)

    assert "Progress report overdue" in page
    assert "None has been posted since the campaign opened." in page


def test_a_project_on_time_is_not_flagged_and_its_owner_sees_the_due_date(client, login):
    project = ProjectFactory()

    assert "Progress report overdue" not in client.get(
        f"/projects/{project.slug}/updates"
    ).get_data(True)
    owner_page = login(project.organisation.created_by).get(f"/projects/{project.slug}/updates")
    assert "Next progress report due by" in owner_page.get_data(True)


def test_overdue_projects_are_listed_in_the_review_queue(login, reviewer):
    project = _overdue_project()
    ProjectFactory(title="Punctual well")

    page = login(reviewer).get("/review/").get_data(True)

    section = page[page.index("Overdue progress reports") :]
    assert "Late well" in section
    assert "Punctual well" not in section
    assert f"/projects/{project.slug}/updates" in section
