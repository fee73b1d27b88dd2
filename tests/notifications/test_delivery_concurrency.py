"""On PostgreSQL, two deliverers working the same outbox at once never send a message twice.

Each thread has its own application context, session and connection, on a
database of its own (committed data), dropped at the end. The SMTP server takes
a little time over each message, so that the two deliverers overlap.
"""

import asyncio
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.notifications.delivery import deliver_pending
from crowdfund.notifications.models import OutboxMessage
from crowdfund.notifications.sink import EmlWriter
from tests.factories.notifications import OutboxMessageFactory
from tests.notifications.conftest import SmtpServer

MESSAGES = 40
DELIVERERS = 2


@pytest.fixture
def slow_smtp_server(committed_app, tmp_path, monkeypatch):
    """The sink, 20 ms per message, that the committed app delivers to."""
    write = EmlWriter.handle_DATA

    async def slowly(self, server, session, envelope):
        await asyncio.sleep(0.02)
        return await write(self, server, session, envelope)

    monkeypatch.setattr(EmlWriter, "handle_DATA", slowly)
    server = SmtpServer(tmp_path / "mail")
    state = committed_app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "smtp")
    monkeypatch.setattr(state, "server", "127.0.0.1")
    monkeypatch.setattr(state, "port", server.port)
    server.start()
    yield server
    server.stop()


def test_two_deliverers_at_once_send_every_message_exactly_once(committed_app, slow_smtp_server):
    with committed_app.app_context():
        OutboxMessageFactory.create_batch(MESSAGES)
        db.session.commit()

    def deliverer():
        with committed_app.app_context():
            return deliver_pending().sent

    with ThreadPoolExecutor(DELIVERERS) as pool:
        sent_by_each = list(pool.map(lambda _: deliverer(), range(DELIVERERS)))

    received = Counter(mail["Message-ID"] for mail in slow_smtp_server.received())
    assert sum(sent_by_each) == MESSAGES
    assert len(received) == MESSAGES
    assert set(received.values()) == {1}
    assert min(sent_by_each) > 0, "the deliverers did not overlap"
    with committed_app.app_context():
        rows = db.session.execute(sa.select(OutboxMessage.sent_at, OutboxMessage.attempts)).all()
        assert all(sent_at is not None and attempts == 1 for sent_at, attempts in rows)
