"""Three worker processes (`flask queue worker`) on one Redis and one PostgreSQL database.

They run the periodic jobs as production does, plus every job asked for again and
again at once: each outbox message reaches the SMTP server once, the campaign is
settled once and its donors told once, and no job ever runs on two workers at once
(read from the workers' own logs).
"""

import asyncio
import itertools
import re
from collections import Counter, defaultdict
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.notifications.sink import EmlWriter
from crowdfund.payments.fake_gateway import PM_SUCCEEDS, FakeGateway
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.services import card_saved, start_pledge
from crowdfund.projects.models import FundingModel, Project, ProjectState
from crowdfund.queue.tasks import get_queue
from crowdfund.timeutil import today
from tests.factories import ProjectFactory, UserFactory
from tests.factories.notifications import OutboxMessageFactory
from tests.job_queue.conftest import running_flask, served_app_environment, wait_until
from tests.notifications.conftest import SmtpServer

WORKERS = 3
DONORS = 5
WAITING_MESSAGES = 40
LOG_LINE = re.compile(
    r"^(?P<at>\S+ \S+) (?P<pid>\d+) \S+ crowdfund\.queue\.tasks job '(?P<job>[^']+)' "
    r"(?P<event>started|finished)"
)


def _funded_flexible_project(gateway):
    """A flexible project that DONORS gave to and whose campaign ended yesterday: its id."""
    project = ProjectFactory(funding_model=FundingModel.FLEXIBLE, goal_amount=10_000_000)
    for number, donor in enumerate(UserFactory.create_batch(DONORS)):
        pledge = start_pledge(
            project,
            donor,
            quote_pledge(project, 100_000, "MAD"),
            show_name=True,
            message="",
            gateway=gateway,
            idempotency_key=f"worker-test-{number}",
        )
        gateway.confirm_setup_intent(pledge.setup_intent_id, PM_SUCCEEDS)
        card_saved(pledge, gateway)
    project.start_date, project.end_date = today() - timedelta(days=30), today() - timedelta(days=1)
    return project.id


@pytest.fixture
def world(committed_app):
    """Committed: the ended campaign, an approved project due to open."""
    with committed_app.app_context():
        gateway = FakeGateway(webhook_secret=committed_app.config["STRIPE_WEBHOOK_SECRET"])
        ended = _funded_flexible_project(gateway)
        due = ProjectFactory(state=ProjectState.APPROVED, start_date=today(), published_at=None)
        db.session.commit()
        captured = db.session.scalar(
            sa.select(sa.func.count()).where(Pledge.state == PledgeState.CAPTURED)
        )
        assert captured == DONORS
        return {"ended": ended, "due": due.id}


@pytest.fixture
def smtp_server(tmp_path, monkeypatch):
    """The sink, 50 ms per message: a delivery pass lasts long enough for the others to meet it."""
    write = EmlWriter.handle_DATA

    async def slowly(self, server, session, envelope):
        await asyncio.sleep(0.05)
        return await write(self, server, session, envelope)

    monkeypatch.setattr(EmlWriter, "handle_DATA", slowly)
    server = SmtpServer(tmp_path / "mail")
    server.start()
    yield server
    server.stop()


def _project_state(app, project_id):
    with app.app_context():
        return db.session.get(Project, project_id).state


def _unsent(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).where(OutboxMessage.sent_at.is_(None)))


def _runs_by_job(log_paths):
    """job -> [(start, end, pid)] of every run the workers logged."""
    open_runs, runs = {}, defaultdict(list)
    for path in log_paths:
        for line in path.read_text().splitlines():
            match = LOG_LINE.match(line)
            if not match:
                continue
            at = datetime.strptime(match["at"], "%Y-%m-%d %H:%M:%S,%f")
            key = (match["pid"], match["job"])
            if match["event"] == "started":
                open_runs[key] = at
            else:
                runs[match["job"]].append((open_runs.pop(key), at, match["pid"]))
    assert open_runs == {}, f"runs left unfinished: {open_runs}"
    return runs


def test_workers_on_several_processes_deliver_once_and_settle_once(
    committed_app, world, smtp_server, redis_url, tmp_path
):
    committed_app.config["REDIS_URL"] = redis_url
    queue = get_queue(committed_app)
    environment = served_app_environment(
        committed_app.config["SQLALCHEMY_DATABASE_URI"],
        redis_url,
        tmp_path / "uploads",
        MAIL_PORT=smtp_server.port,
        SERVER_NAME="localhost",
    )
    logs = [tmp_path / f"worker-{number}.log" for number in range(WORKERS)]

    with (
        running_flask(["queue", "worker", "--threads", "2"], environment, logs[0]),
        running_flask(["queue", "worker", "--threads", "2"], environment, logs[1]),
        running_flask(["queue", "worker", "--threads", "2"], environment, logs[2]),
    ):
        wait_until(
            lambda: all("consumer started" in log.read_text() for log in logs),
            120,
            "the workers to start",
        )
        # Mail to deliver (at 50 ms a message, a pass lasts seconds), then, beside each
        # worker's own periodic runs, every job asked for thrice, all at once.
        with committed_app.app_context():
            OutboxMessageFactory.create_batch(WAITING_MESSAGES)
            db.session.commit()
        for _ in range(3):
            for name in ("settle campaigns", "open due projects", "deliver mail"):
                queue.enqueue(name)
        wait_until(
            lambda: _project_state(committed_app, world["ended"]) == ProjectState.FUNDED,
            60,
            "the campaign to be settled",
        )
        # The donors' mail was queued by the settlement: the workers deliver it on demand.
        for _ in range(3):
            queue.enqueue("deliver mail")
        wait_until(lambda: _unsent(committed_app) == 0, 60, "the outbox to be empty")
        wait_until(lambda: queue.huey.pending_count() == 0, 60, "the queue to be empty")

    with committed_app.app_context():
        messages = db.session.scalars(sa.select(OutboxMessage)).all()
        assert all(message.attempts == 1 for message in messages)
        results = [m for m in messages if m.kind == NotificationKind.CAMPAIGN_RESULT]
        donors = db.session.scalars(
            sa.select(User.id).join(Pledge, Pledge.donor_id == User.id)
        ).all()
        assert sorted(message.recipient_id for message in results) == sorted(donors)
        assert len(results) == DONORS
        assert db.session.get(Project, world["due"]).state == ProjectState.LIVE
    received = Counter(mail["Message-ID"] for mail in smtp_server.received())
    assert len(received) == len(messages) >= WAITING_MESSAGES + DONORS
    assert set(received.values()) == {1}

    runs = _runs_by_job(logs)
    assert {"settle campaigns", "deliver mail", "open due projects"} <= set(runs)
    for job, intervals in runs.items():
        intervals.sort()
        for (_, previous_end, _), (start, _, _) in itertools.pairwise(intervals):
            assert start >= previous_end, f"{job!r} ran on two workers at once"
    worker_logs = "\n".join(log.read_text() for log in logs)
    assert "job 'deliver mail' skipped: running on another worker" in worker_logs
    assert all("Executing crowdfund.queue.tasks" in log.read_text() for log in logs), (
        "a worker took no task: nothing was shared"
    )
