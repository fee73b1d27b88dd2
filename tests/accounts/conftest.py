"""Fixtures for the accounts tests: links sent by mail, and an app that throttles."""

import re

import pytest

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db, limiter


@pytest.fixture
def outbox(app):
    """Mail sent during the test.

    Flask-Mailman's in-memory backend appends to the mail state of the app
    (`app.extensions["mailman"]`), not to the `Mail` object itself.
    """
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


@pytest.fixture
def link_to(outbox):
    """The site path of the first link to `prefix` in the last message sent to `address`."""

    def find(address, prefix):
        messages = [message for message in outbox if address in message.to]
        assert messages, f"no mail to {address}"
        match = re.search(rf"http://localhost({re.escape(prefix)}\S+)", messages[-1].body)
        assert match, f"no link to {prefix} in the mail to {address}"
        return match.group(1)

    return find


@pytest.fixture
def throttled_app(tmp_path):
    """An app of its own, on its own database, with rate limits on (3 attempts a minute)."""

    class ThrottledConfig(TestConfig):
        RATELIMIT_ENABLED = True
        LOGIN_RATE_LIMIT = "3 per minute"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'throttled.sqlite3'}"
        UPLOAD_DIR = tmp_path / "uploads"

    app = create_app(ThrottledConfig)
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        # The limiter is shared by every app: leave it off and empty, as the other tests expect.
        limiter.reset()
        limiter.enabled = False
        with app.app_context():
            db.engine.dispose()
