"""Databases of their own for tests that build one (migrations, the demo, backups)."""

import os
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def empty_database(directory, name):
    """The URL of an empty database of the test database's kind, named after `name`: a SQLite
    file in `directory`, or a PostgreSQL database beside the test database, dropped at the end."""
    test_url = os.environ.get("TEST_DATABASE_URL", "")
    if not test_url.startswith("postgresql"):
        yield f"sqlite:///{directory / f'{name}.sqlite3'}"
        return
    server = sa.engine.make_url(test_url)
    full_name = f"{server.database}_{name}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{full_name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{full_name}"')
    try:
        yield server.set(database=full_name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{full_name}" WITH (FORCE)')
        admin.dispose()
