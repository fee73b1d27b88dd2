"""Test fixtures: one schema per run, every test inside a transaction that is rolled back.

Runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

import contextvars
import os
import socket

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask_login import FlaskLoginClient
from flask_migrate import stamp
from sqlalchemy.orm import Session

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db
from crowdfund.geography.seed import seed_geography
from crowdfund.page_cache import cache as page_cache


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests reach nothing but localhost."""
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in {"127.0.0.1", "localhost", "::1"}
            and not host.startswith("/")
        ):
            raise RuntimeError(f"tests may not reach {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


class IsolatedClient(FlaskLoginClient):
    """A test client whose requests run in their own application context, as in production.

    Without this, a request made inside the test's context would share its `g`
    (and so its logged-in user) and its database session with the test.
    """

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    base = tmp_path_factory.mktemp("twiza")

    class Config(TestConfig):
        UPLOAD_DIR = base / "uploads"
        SQLALCHEMY_DATABASE_URI = os.environ.get(
            "TEST_DATABASE_URL", f"sqlite:///{base / 'test.sqlite3'}"
        )

    app = create_app(Config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.drop_all()
        db.create_all()
        seed_geography()
        db.session.commit()
        # The schema is the migrations' head (tests/test_migrations.py): say so, as /readyz reads.
        stamp()
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


#: Whether a flush in a test drops the kept pages (tests/page_cache turns it off).
_drop_pages_on_flush = {"on": True}


@sa.event.listens_for(Session, "after_flush")
def _drop_kept_pages_on_flush(_session, _flush_context):
    """Requests here share the test's connection, so they see rows it flushed and never
    committed, which no request in production can: drop the kept pages on every flush.

    tests/page_cache tests how production invalidates them, with this turned off.
    """
    if _drop_pages_on_flush["on"] and has_app_context():
        page_cache.clear()


@pytest.fixture
def pages_invalidated_as_in_production():
    """Kept pages dropped only by the page generation, as in production (commits only)."""
    _drop_pages_on_flush["on"] = False
    yield
    _drop_pages_on_flush["on"] = True


@pytest.fixture(autouse=True)
def _rollback_after_test(app):
    """Bind every session of the test to one connection whose transaction is rolled back.

    The page generation rolls back with it, so pages kept by an earlier test are dropped.
    """
    with app.test_request_context():
        page_cache.clear()
        engines = db.engines
        engine = engines[None]
        connection = engine.connect()
        transaction = connection.begin()
        engines[None] = connection
        try:
            yield
        finally:
            db.session.remove()
            transaction.rollback()
            connection.close()
            engines[None] = engine


@pytest.fixture
def committed_app(request, tmp_path):
    """An app on a PostgreSQL database of its own whose data is really committed.

    For tests with threads, each with its own session and connection; the database is
    dropped at the end. Skipped on SQLite.
    """
    test_url = os.environ.get("TEST_DATABASE_URL", "")
    if not test_url.startswith("postgresql"):
        pytest.skip("runs on PostgreSQL only")
    url = sa.engine.make_url(test_url)
    name = f"{url.database}_{request.module.__name__.rsplit('.', 1)[-1]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url.set(database=name).render_as_string(hide_password=False)
        UPLOAD_DIR = tmp_path / "uploads"
        # Captures in threads queue mail with absolute links, outside any request.
        SERVER_NAME = "localhost"

    committed = create_app(Config)
    with committed.app_context():
        db.create_all()
        seed_geography()
        db.session.commit()
    yield committed
    with committed.app_context():
        db.engine.dispose()
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """Mail sent during the test (Flask-Mailman's in-memory backend)."""
    state = app.extensions["mailman"]
    state.outbox = []
    return state.outbox


@pytest.fixture
def login(app):
    """A test client logged in as `user`, as after a completed login (second factor included)."""

    def _login(user):
        return app.test_client(user=user)

    return _login


@pytest.fixture(autouse=True)
def gateway(app, monkeypatch):
    """A fresh FakeGateway serving the application for each test.

    Every test has its own, so that no idempotency key or payment of one test
    (pledge ids repeat once a test's rows are rolled back) answers in another.
    """
    from crowdfund.payments import EXTENSION_KEY
    from crowdfund.payments.fake_gateway import FakeGateway

    fake = FakeGateway(webhook_secret=app.config["STRIPE_WEBHOOK_SECRET"])
    monkeypatch.setitem(app.extensions, EXTENSION_KEY, fake)
    return fake


@pytest.fixture
def admin():
    """An administrator, for tests where any one will do; a folder may define its own."""
    from tests.factories import AdminFactory

    return AdminFactory()
