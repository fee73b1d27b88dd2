"""Applications of their own for the operations tests: migrated, or with no database at all."""

from contextlib import contextmanager

import pytest
from flask_migrate import upgrade

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db
from crowdfund.notifications.sink import free_port
from tests.databases import empty_database


def app_on(database_url, **settings):
    """An application of the test configuration on `database_url`, with `settings`."""
    config = type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": database_url, **settings})
    return create_app(config)


def dispose(*apps):
    """Close the database connections of `apps`, before their database is dropped."""
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@contextmanager
def migrated_database(directory, name, migrated=True):
    """A database of the test database's kind named `name`, built by the migrations to head
    (left empty when not `migrated`).

    SQLite: a file in `directory`. PostgreSQL: a database beside the test database,
    dropped at the end.
    """
    with empty_database(directory, name) as url:
        if migrated:
            _upgrade(url)
        yield url


def _upgrade(url):
    migrated = app_on(url)
    with migrated.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def migrated_database_url(tmp_path):
    with migrated_database(tmp_path, "ops_migrated") as url:
        yield url


@pytest.fixture
def unreachable_app():
    """An application whose PostgreSQL server does not exist (nothing listens on its port)."""
    unreachable = app_on(f"postgresql+psycopg://twiza@127.0.0.1:{free_port()}/twiza")
    yield unreachable
    dispose(unreachable)
