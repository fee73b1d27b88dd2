"""Count the SQL statements a request sends, to show that a page's queries do not grow."""

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
