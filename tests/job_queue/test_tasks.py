"""The queue's tasks in this process, on a real Redis: what they run, when they stand down."""

from datetime import datetime, timedelta

import pytest

from crowdfund import jobs
from crowdfund.extensions import db
from crowdfund.projects.models import ProjectState
from crowdfund.queue import tasks
from crowdfund.queue.locks import job_lock
from crowdfund.queue.tasks import EXTENSION_KEY, JobQueue, get_queue
from crowdfund.timeutil import today
from tests.factories import ProjectFactory
from tests.factories.notifications import OutboxMessageFactory


@pytest.fixture
def queue(app, redis_url, monkeypatch):
    """The app's queue on the test's Redis."""
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, JobQueue(app))
    return get_queue(app)


@pytest.fixture
def due_project():
    """An approved project whose campaign starts today: the next run opens it."""
    return ProjectFactory(state=ProjectState.APPROVED, start_date=today(), published_at=None)


def state_of(project):
    db.session.expire_all()
    return project.state


def test_every_periodic_job_is_scheduled_every_minute(queue):
    for moment in (datetime(2026, 1, 1, 0, 0), datetime(2026, 6, 15, 13, 37)):
        scheduled = {task.name for task in queue.huey.read_periodic(moment)}
        assert scheduled == {f"every minute: {name}" for name in jobs.PERIODIC_JOBS}


def test_a_run_does_the_job(queue, due_project):
    assert queue.run_locked("open due projects") == "1 project(s) opened for pledges"
    assert state_of(due_project) == ProjectState.LIVE


def test_a_job_running_on_another_worker_is_not_run_again(queue, redis_client, due_project):
    with job_lock(redis_client, "open due projects", ttl=60):
        assert queue.run_locked("open due projects") == tasks.SKIPPED_LOCKED
    assert state_of(due_project) == ProjectState.APPROVED


def test_the_periodic_run_goes_once_a_minute_whatever_the_schedulers(queue, monkeypatch):
    minute = datetime(2026, 11, 23, 1, 0, 5)
    monkeypatch.setattr(tasks, "utcnow", lambda: minute)
    outcomes = [queue.run_once_this_minute("open due projects") for _ in range(3)]
    assert outcomes[1:] == [tasks.SKIPPED_THIS_MINUTE] * 2
    assert outcomes[0] != tasks.SKIPPED_THIS_MINUTE
    minute += timedelta(minutes=1)
    assert queue.run_once_this_minute("open due projects") != tasks.SKIPPED_THIS_MINUTE


def test_an_enqueued_job_waits_in_redis_until_a_worker_runs_it(queue, outbox):
    OutboxMessageFactory(subject="Waiting in the outbox")
    queue.enqueue("deliver mail")
    assert queue.huey.pending_count() == 1
    assert outbox == []

    queue.huey.execute(queue.huey.dequeue())

    assert [mail.subject for mail in outbox] == ["Waiting in the outbox"]
    assert queue.huey.pending_count() == 0


def test_an_unknown_job_is_refused(queue):
    with pytest.raises(KeyError):
        queue.enqueue("mine bitcoin")
    assert queue.huey.pending_count() == 0


def test_the_enqueue_command_queues_every_job_by_default(app, queue):
    result = app.test_cli_runner().invoke(args=["queue", "enqueue"])
    assert result.exit_code == 0, result.output
    assert queue.huey.pending_count() == len(jobs.PERIODIC_JOBS)
    queued = [task.args for task in queue.huey.pending()]
    assert sorted(queued) == sorted((name,) for name in jobs.PERIODIC_JOBS)


@pytest.mark.parametrize("command", [["queue", "worker"], ["queue", "enqueue"]])
def test_without_redis_the_queue_commands_point_to_cron(app, command):
    assert not app.config["REDIS_URL"]
    result = app.test_cli_runner().invoke(args=command)
    assert result.exit_code == 1
    assert "flask jobs run" in result.output
