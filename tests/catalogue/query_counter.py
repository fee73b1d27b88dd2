"""Count the SQL statements a request sends, to show that a page's queries do not grow."""

import re
from contextlib import contextmanager

import sqlalchemy as sa

from crowdfund.extensions import db


@contextmanager
def counting_queries():
    """Yield the list of statements executed on the database inside the block."""
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


#: What each request of a test sends to nest its transaction in the test's.
_SAVEPOINTS = re.compile(r"(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) ")


def without_savepoints(statements):
    """The statements a request would send in production: the tests' savepoints left out."""
    return [sql for sql in statements if not _SAVEPOINTS.match(sql)]
