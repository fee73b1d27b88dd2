"""`flask campaigns settle` and the periodic jobs."""

from datetime import timedelta

from crowdfund import jobs
from crowdfund.pledges.models import PledgeState
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import today


def yesterday():
    return today() - timedelta(days=1)


def test_the_settle_command_settles_and_commits(app, aon_project, pledge, gateway):
    saved = pledge(aon_project, 10_000_00)
    aon_project.start_date, aon_project.end_date = today() - timedelta(days=10), yesterday()

    result = app.test_cli_runner().invoke(args=["campaigns", "settle"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Settled projects and pledges: 1 funded, 0 failed, 1 captured")
    assert (aon_project.state, saved.state) == (ProjectState.FUNDED, PledgeState.CAPTURED)


def test_settlement_and_reconciliation_are_periodic_jobs():
    assert {"settle campaigns", "reconcile pledges"} <= set(jobs.PERIODIC_JOBS)
    results = jobs.run_periodic_jobs()
    assert results["settle campaigns"].startswith("projects and pledges: 0 funded")
    assert results["reconcile pledges"] == "0 pledge(s) checked, 0 moved on"
