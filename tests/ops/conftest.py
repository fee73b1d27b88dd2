"""Applications of their own for the operations tests: migrated, or with no database at all."""

import os
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db
from crowdfund.notifications.sink import free_port


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
    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url:
        url = f"sqlite:///{directory / f'{name}.sqlite3'}"
        if migrated:
            _upgrade(url)
        yield url
        return
    server = sa.engine.make_url(test_url)
    full_name = f"{server.database}_{name}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{full_name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{full_name}"')
    url = server.set(database=full_name).render_as_string(hide_password=False)
    try:
        if migrated:
            _upgrade(url)
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{full_name}" WITH (FORCE)')
        admin.dispose()


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
