"""The schema is built by the migrations, and they agree with the models."""

import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db
from crowdfund.models import EXPRESSION_INDEXES, include_in_autogenerate


@pytest.fixture
def empty_database_url(tmp_path):
    """A URL of an empty database of the same kind as the test database."""
    test_url = os.environ.get("TEST_DATABASE_URL")
    if not test_url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    url = sa.engine.make_url(test_url)
    name = f"{url.database}_migrations"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture
def migration_app(empty_database_url):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def _differences():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "render_as_batch": True,
                "include_object": include_in_autogenerate,
            },
        )
        return compare_metadata(context, db.metadata)


# SQLite cannot reflect expression indexes; Alembic says so before include_object leaves them out.
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression")
def test_migrations_build_exactly_the_schema_of_the_models(migration_app):
    upgrade()
    assert _differences() == []


def test_migrations_create_the_expression_indexes_on_postgresql(migration_app):
    upgrade()
    if db.engine.dialect.name != "postgresql":
        pytest.skip("expression indexes exist only on PostgreSQL")
    indexes = {index["name"] for index in sa.inspect(db.engine).get_indexes("projects")}
    assert indexes >= EXPRESSION_INDEXES


def test_migrations_downgrade_to_an_empty_database(migration_app):
    upgrade()
    downgrade(revision="base")
    tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert tables == set()
