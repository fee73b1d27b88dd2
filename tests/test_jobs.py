from datetime import timedelta

import pytest

from crowdfund import jobs
from crowdfund.extensions import db
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import today
from tests.factories import ProjectFactory


def test_periodic_jobs_open_an_approved_project_on_its_start_date():
    due = ProjectFactory(state=ProjectState.APPROVED, start_date=today(), published_at=None)
    later = ProjectFactory(
        state=ProjectState.APPROVED, start_date=today() + timedelta(days=2), published_at=None
    )
    assert jobs.run_periodic_jobs()["open due projects"] == "1 project(s) opened for pledges"
    db.session.expire_all()
    assert (due.state, later.state) == (ProjectState.LIVE, ProjectState.APPROVED)


def test_a_failing_job_is_reported_and_the_others_still_run(monkeypatch, caplog):
    ran = []

    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr(
        jobs, "PERIODIC_JOBS", {"broken": broken, "fine": lambda: ran.append(1) or "ok"}
    )
    assert jobs.run_periodic_jobs() == {"broken": "failed", "fine": "ok"}
    assert ran == [1]
    assert "broken" in caplog.text


@pytest.mark.parametrize("passes", [1, 3])
def test_the_loop_runs_the_jobs_the_number_of_passes_asked(monkeypatch, passes):
    calls = []
    monkeypatch.setattr(jobs, "run_periodic_jobs", lambda: calls.append(1) or {})
    jobs.run_forever(interval_seconds=0, passes=passes)
    assert len(calls) == passes
