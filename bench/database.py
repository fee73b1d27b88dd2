"""The benchmark's PostgreSQL database: a throw-away one beside the database the URL names.

The URL comes from BENCH_DATABASE_URL, else TEST_DATABASE_URL. The database it
names is never touched: each run gets `<name>_bench`, built with the schema and
Morocco's geography, and dropped afterwards.
"""

import os
from contextlib import contextmanager

import sqlalchemy as sa

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db
from crowdfund.geography.seed import seed_geography

URL_VARIABLES = ("BENCH_DATABASE_URL", "TEST_DATABASE_URL")


class BenchmarkRefused(RuntimeError):
    """The benchmark cannot run here (no PostgreSQL, a failed check); the message says why."""


def server_url():
    """The PostgreSQL URL to benchmark on; raises BenchmarkRefused when there is none."""
    for variable in URL_VARIABLES:
        url = os.environ.get(variable, "")
        if url:
            if not url.startswith("postgresql"):
                raise BenchmarkRefused(
                    f"{variable} is {url!r}: the benchmarks measure PostgreSQL only."
                )
            return url
    raise BenchmarkRefused(
        "Set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server, "
        "or run `make bench`, which starts a throw-away one."
    )


def bench_config(url):
    """The test configuration (FakeGateway, mail kept in memory) on the database at `url`."""

    class BenchConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        UPLOAD_DIR = None
        # Captures queue mail with absolute links, outside any request.
        SERVER_NAME = "localhost"

    return BenchConfig


def bench_app(url):
    return create_app(bench_config(url))


@contextmanager
def throwaway_database(url, suffix="bench"):
    """Create `<database>_<suffix>` next to `url`'s with the schema and geography; yield its URL."""
    server = sa.engine.make_url(url)
    name = f"{server.database}_{suffix}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    bench_url = server.set(database=name).render_as_string(hide_password=False)
    try:
        app = bench_app(bench_url)
        with app.app_context():
            db.create_all()
            seed_geography()
            db.session.commit()
            db.engine.dispose()
        yield bench_url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def server_version(url):
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SHOW server_version").scalar()
    finally:
        engine.dispose()
