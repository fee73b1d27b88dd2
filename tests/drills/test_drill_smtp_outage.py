"""Drill: the mail server is down for an hour, then comes back.

A real SMTP server (aiosmtpd) is stopped while mail keeps being queued, and
started again an hour later; cron's `flask jobs run` runs every minute of a
simulated clock. While it is down nothing is lost, nothing is given up, and the
server is tried at most once a minute. When it returns, every message is
delivered exactly once, each at the first run after its retry falls due.
"""

from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.notifications import delivery
from crowdfund.notifications.models import OutboxMessage
from crowdfund.timeutil import utcnow
from tests.factories.notifications import OutboxMessageFactory

pytestmark = pytest.mark.drill

OUTAGE_MINUTES = 60
QUEUED_BEFORE = 30
#: During the outage, one more message is queued every this many minutes.
QUEUED_EVERY_MINUTES = 2
#: After the return, the runs go on at most this long: the longest wait between retries
#: after an hour of failures (one minute, doubled at each failure) is 64 minutes.
RETURN_DEADLINE_MINUTES = 65


class SimulatedClock:
    """The time the outbox's delivery reads, moved on a minute at a time by the drill."""

    def __init__(self):
        self.now = utcnow().replace(second=0, microsecond=0)

    def __call__(self):
        return self.now

    def advance(self, minutes=1):
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock(monkeypatch):
    clock = SimulatedClock()
    monkeypatch.setattr(delivery, "utcnow", clock)
    return clock


def run_cron(app):
    """One `flask jobs run`, as cron starts it every minute."""
    result = app.test_cli_runner().invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output


def unsent():
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)).order_by(OutboxMessage.id)
    ).all()


def test_mail_queued_during_an_hour_without_smtp_is_delivered_exactly_once_when_it_returns(
    app, smtp_server, clock
):
    OutboxMessageFactory.create_batch(QUEUED_BEFORE, next_attempt_at=clock.now)
    smtp_server.stop()

    for minute in range(1, OUTAGE_MINUTES + 1):
        if minute % QUEUED_EVERY_MINUTES == 0:
            OutboxMessageFactory(next_attempt_at=clock.now)
        clock.advance()
        run_cron(app)

    db.session.expire_all()
    waiting = unsent()
    queued = QUEUED_BEFORE + OUTAGE_MINUTES // QUEUED_EVERY_MINUTES
    assert len(waiting) == queued
    assert not any(message.given_up for message in waiting)
    failed_attempts = sum(message.attempts for message in waiting)
    assert 0 < failed_attempts <= OUTAGE_MINUTES, "the server was tried more than once a minute"
    assert all(
        "ConnectionRefusedError" in message.last_error for message in waiting if message.attempts
    )
    due_after_return = {message.id: max(message.next_attempt_at, clock.now) for message in waiting}

    smtp_server.start()
    returned = clock.now
    while clock.now - returned <= timedelta(minutes=RETURN_DEADLINE_MINUTES) and unsent():
        clock.advance()
        run_cron(app)
        db.session.expire_all()

    assert unsent() == []
    # Message-IDs are <outbox.{id}.{digest}@{domain}>: one per outbox message.
    received = Counter(int(mail["Message-ID"].split(".")[1]) for mail in smtp_server.received())
    assert received == Counter(due_after_return.keys())
    for message in db.session.scalars(sa.select(OutboxMessage)):
        assert returned < message.sent_at <= due_after_return[message.id] + timedelta(minutes=1)
