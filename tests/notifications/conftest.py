"""A real SMTP server (aiosmtpd, the development sink) on a free localhost port, and the
pledge fixtures, for the notification tests."""

import email
import email.policy

import pytest

from crowdfund.notifications.sink import free_port, start_sink
from tests.pledges.conftest import (  # noqa: F401  (fixtures)
    aon_project,
    begin,
    deliver,
    donor,
    eur_rate,
    pledge,
    project,
)


class SmtpServer:
    """The sink on one port, which a test may stop (the server is down) and start again."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = start_sink(self.directory, port=self.port)

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def received(self):
        """Every message received so far, oldest first, parsed."""
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.directory.glob("*.eml"))
        ]


@pytest.fixture
def smtp_server(app, tmp_path, monkeypatch):
    """A running SMTP server that the application delivers to."""
    server = SmtpServer(tmp_path / "mail")
    state = app.extensions["mailman"]
    monkeypatch.setattr(state, "backend", "smtp")
    monkeypatch.setattr(state, "server", "127.0.0.1")
    monkeypatch.setattr(state, "port", server.port)
    monkeypatch.setattr(state, "timeout", 5)
    server.start()
    yield server
    server.stop()
