"""Streaming a query's rows as CSV text in constant memory.

On PostgreSQL the database writes the CSV itself (COPY … TO STDOUT) and the
bytes are passed on in chunks; elsewhere the rows come from a server-side cursor
in batches (`yield_per`). Either way the cells are formatted by the query (see
csv_cells.py). The rows are read in a session of their own, opened at the first
read and closed with the generator: a response is read after its request has
ended, and one never read costs nothing.
"""

import csv
import io

from sqlalchemy.orm import Session

#: A byte order mark, so that spreadsheet programs read the file as UTF-8 (Arabic names).
BOM = "\ufeff".encode()
#: Bytes gathered before they are passed on.
CHUNK_BYTES = 256 * 1024
#: Rows fetched at a time where the database cannot write CSV itself.
BATCH_ROWS = 5_000


def stream_csv(statement, bind):
    """Yield the UTF-8 CSV of `statement`'s rows, with a header of its column labels.

    `bind` is the engine (or connection) to read from.
    """
    yield BOM
    with Session(bind) as session:
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            yield from _copy_out(connection, statement)
        else:
            yield from _write_rows(connection, statement)


def _copy_out(connection, statement):
    """PostgreSQL writes the CSV; the values are in the SQL, which COPY cannot take apart."""
    query = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    copy_sql = f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER)"
    cursor = connection.connection.driver_connection.cursor()
    with cursor, cursor.copy(copy_sql) as copy:
        chunk = bytearray()
        for data in copy:
            chunk += data
            if len(chunk) >= CHUNK_BYTES:
                yield bytes(chunk)
                chunk.clear()
        yield bytes(chunk)


def _write_rows(connection, statement):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(statement.selected_columns.keys())
    result = connection.execute(statement.execution_options(yield_per=BATCH_ROWS))
    for rows in result.partitions():
        writer.writerows(rows)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue().encode()
