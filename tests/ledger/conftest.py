import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from tests.factories import ProjectFactory


@pytest.fixture
def project():
    return ProjectFactory()


@pytest.fixture
def other_project():
    return ProjectFactory()


@pytest.fixture
def on_postgresql():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("runs on PostgreSQL only")


@pytest.fixture
def count_queries():
    """Call `count_queries(function)` to get how many statements the call sent."""

    def count(function):
        statements = []

        def record(_conn, _cursor, statement, *_args):
            statements.append(statement)

        sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
        try:
            function()
        finally:
            sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)
        return len(statements)

    return count
