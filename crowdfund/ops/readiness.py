"""Whether this process may be sent traffic: its database answers and its schema is current.

A load balancer stops routing to an instance whose `/readyz` fails. Migrations
follow the expand/contract rule (docs/deployment.md): they run before the code
that needs them is rolled out, and a schema is always usable by the code one
release older. So an instance is not ready while its database is behind the
migrations it ships (the new code arrived first), and stays ready on a database
ahead of them (a revision it does not know: the next release has migrated).
"""

import logging
from functools import cache

from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from crowdfund.extensions import db

logger = logging.getLogger(__name__)


@cache
def shipped_migrations(migrations_directory):
    """The migrations shipped with this code (read once per process)."""
    config = AlembicConfig()
    config.set_main_option("script_location", str(migrations_directory))
    return ScriptDirectory.from_config(config)


def expected_heads(migrations_directory):
    """The head revisions of the migrations shipped with this code."""
    return frozenset(shipped_migrations(migrations_directory).get_heads())


def readiness_problems(migrations_directory):
    """What stops this instance from serving, as short sentences; empty when ready."""
    try:
        connection = db.session.connection()
        connection.exec_driver_sql("SELECT 1")
        applied = frozenset(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        db.session.rollback()
        logger.warning("readiness: database unreachable", exc_info=error)
        return [f"database unreachable ({type(error.orig or error).__name__})"]
    expected = expected_heads(migrations_directory)
    if applied == expected or _ahead(applied, migrations_directory):
        return []
    return [
        "database schema is at {} but this code expects {}".format(
            ", ".join(sorted(applied)) or "no revision", ", ".join(sorted(expected))
        )
    ]


def _ahead(applied, migrations_directory):
    """Whether the database carries a revision this code does not ship: a newer release's."""
    script = shipped_migrations(migrations_directory)
    for revision in applied:
        try:
            script.get_revision(revision)
        except CommandError:
            return True
    return False
