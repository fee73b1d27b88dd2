"""The schema is built by the migrations, and they agree with the models."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db
from crowdfund.models import EXPRESSION_INDEXES, include_in_autogenerate
from tests.databases import empty_database


@pytest.fixture
def empty_database_url(tmp_path):
    """A URL of an empty database of the same kind as the test database."""
    with empty_database(tmp_path, "migrations") as url:
        yield url


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
