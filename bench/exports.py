"""The export benchmark: the pledges CSV of a million pledges, streamed, in rows per second.

The pledges are written by PostgreSQL itself (one INSERT … SELECT over
generate_series), so that the seeding takes seconds. The export is then
downloaded through its route by a reviewer, in a worker process of its own, and
read to the end as a browser would; the rows are counted and checked. Memory is
the worker's peak resident set (ru_maxrss): the whole process, not only the export.
"""

import resource
import time

import sqlalchemy as sa
from flask_login import FlaskLoginClient

from bench.database import BenchmarkRefused, bench_app, throwaway_database
from bench.meters import Meter
from bench.workers import run_workers
from crowdfund.extensions import db

NAME = "exports"
HELP = "the pledges CSV export of a million pledges: rows per second and peak memory"
TARGET_PER_SECOND = 50_000
TARGET_PEAK_MB = 200
#: Countries donors live in, in turn.
COUNTRIES = ("FR", "ES", "IT", "BE", "NL", "DE", "CA", "US", "GB", "AE")
EXPORT_URL = "/ministry/exports/pledges.csv"


def add_arguments(parser):
    parser.add_argument("--pledges", type=int, default=1_000_000, help="pledges to export")
    parser.add_argument("--projects", type=int, default=200, help="projects they go to")
    parser.add_argument("--donors", type=int, default=50_000, help="donors they come from")


def shortfalls(record):
    """A line for a run below the rows-per-second target or above the memory ceiling."""
    lines = []
    for run in record["runs"]:
        if run["per_second"] < TARGET_PER_SECOND:
            lines.append(
                f"{run['name']}: {run['per_second']:,.0f} rows/s, below the target of "
                f"{TARGET_PER_SECOND:,}/s"
            )
        if run["peak_memory_mb"] >= TARGET_PEAK_MB:
            lines.append(
                f"{run['name']}: peak memory {run['peak_memory_mb']:,.0f} MB, not under "
                f"{TARGET_PEAK_MB} MB"
            )
    return lines


def run(url, arguments):
    """Seed the pledges, export them once; the record for bench/results.json."""
    with throwaway_database(url, suffix="exports") as bench_url:
        reviewer_id, seed_seconds = _seed(
            bench_url, arguments.pledges, arguments.projects, arguments.donors
        )
        [measured] = run_workers(_export, [reviewer_id], bench_url)
    if measured["rows"] != arguments.pledges:
        raise BenchmarkRefused(
            f"the export has {measured['rows']:,} rows, not the {arguments.pledges:,} pledges"
        )
    seconds = measured["seconds"]
    peak_mb = measured["peak_rss_mb"]
    return {
        "description": (
            f"the pledges CSV export ({EXPORT_URL}) of {arguments.pledges:,} pledges, downloaded "
            f"by a reviewer through the route and read to the end: {peak_mb:,.0f} MB peak "
            f"memory of the whole worker process (target under {TARGET_PEAK_MB} MB), "
            f"{measured['megabytes']:,.0f} MB of CSV; the pledges were written by one "
            f"INSERT … SELECT in {seed_seconds:.1f} s"
        ),
        "runs": [
            {
                "name": "pledges CSV export",
                "workers": 1,
                "operations": measured["rows"],
                "seconds": round(seconds, 3),
                "per_second": round(measured["rows"] / seconds, 1),
                "statements_per_operation": round(measured["statements"] / measured["rows"], 6),
                "app_cpu_ms": round(1000 * measured["app_cpu_seconds"] / measured["rows"], 4),
                "database_cpu_ms": (
                    None
                    if measured["database_cpu_seconds"] is None
                    else round(1000 * measured["database_cpu_seconds"] / measured["rows"], 4)
                ),
                "target_per_second": TARGET_PER_SECOND,
                "peak_memory_mb": round(peak_mb, 1),
                "memory_growth_mb": round(measured["growth_mb"], 1),
                "target_peak_memory_mb": TARGET_PEAK_MB,
                "seed_seconds": round(seed_seconds, 1),
            }
        ],
    }


def _seed(url, pledges, projects, donors):
    """The projects (by their factory), then donors and pledges written by PostgreSQL."""
    from tests.factories import ProjectFactory, ReviewerFactory

    app = bench_app(url)
    with app.app_context():
        project_ids = [project.id for project in ProjectFactory.create_batch(projects)]
        reviewer_id = ReviewerFactory().id
        db.session.commit()
        began = time.perf_counter()
        first_donor = _insert_donors(donors)
        _insert_pledges(pledges, min(project_ids), len(project_ids), first_donor, donors)
        db.session.commit()
        seed_seconds = time.perf_counter() - began
        db.session.execute(sa.text("ANALYZE users; ANALYZE projects; ANALYZE pledges"))
        db.session.commit()
        db.engine.dispose()
    if project_ids != list(range(min(project_ids), min(project_ids) + projects)):
        raise BenchmarkRefused("the projects' ids are not consecutive")
    return reviewer_id, seed_seconds


def _insert_donors(count):
    """Insert `count` donors with consecutive ids; return the first id."""
    countries = "ARRAY[" + ", ".join(f"'{code}'" for code in COUNTRIES) + "]"
    first = db.session.execute(
        sa.text(
            "INSERT INTO users (email, password_hash, name, country, locale, session_version, "
            "is_active_account, created_at) "
            "SELECT 'donor-' || n || '@bench.example', 'not a password hash', "
            "'Donor ' || n, "
            f"({countries})[1 + n % {len(COUNTRIES)}], 'fr', 1, true, now() at time zone 'utc' "
            "FROM generate_series(1, :count) AS n ORDER BY n RETURNING id"
        ),
        {"count": count},
    ).scalars()
    ids = list(first)
    if ids != list(range(ids[0], ids[0] + count)):
        raise BenchmarkRefused("the donors' ids are not consecutive")
    return ids[0]


def _insert_pledges(count, first_project, projects, first_donor, donors):
    """Insert `count` captured pledges in euros, spread over the projects and donors."""
    db.session.execute(
        sa.text(
            "INSERT INTO pledges (project_id, donor_id, state, funding_model, amount, currency, "
            "amount_mad, fee_mad, charge_amount, fx_rate_micro, fx_rate_date, fx_source, "
            "expected_match_mad, show_name, message, captured_mad, refunded_mad, attempt, "
            "updated_at, captured_at, created_at) "
            "SELECT :first_project + n % :projects, :first_donor + n % :donors, 'captured', "
            "'flexible', 1000 + n % 9000, 'EUR', (1000 + n % 9000) * 1085 / 100, "
            "(1000 + n % 9000) * 1085 / 100 * 3 / 100, 1000 + n % 9000, 10850000, "
            "current_date, 'Bank Al-Maghrib', 0, n % 2 = 0, "
            "CASE WHEN n % 50 = 0 THEN 'Pour le douar de mes parents' ELSE '' END, "
            "(1000 + n % 9000) * 1085 / 100, 0, 1, moment, moment, moment "
            "FROM generate_series(1, :count) AS n, "
            "LATERAL (SELECT (now() at time zone 'utc') - n * interval '1 second' AS moment) AS t"
        ),
        {
            "count": count,
            "first_project": first_project,
            "projects": projects,
            "first_donor": first_donor,
            "donors": donors,
        },
    )


def _rss_mb():
    """This process's peak resident set so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _export(_number, reviewer_id, start, url):
    """The worker: download the export once to warm up on a page, then time the full one."""
    from crowdfund.accounts.models import User

    app = bench_app(url)
    app.test_client_class = FlaskLoginClient
    with app.app_context():
        reviewer = db.session.get(User, reviewer_id)
        client = app.test_client(user=reviewer)
        db.session.expunge_all()
        meter = Meter(db.engine)
    if client.get("/ministry").status_code != 200:
        raise BenchmarkRefused("the reviewer cannot open the ministry dashboard")
    start.wait()
    before_mb = _rss_mb()
    meter.start()
    began = time.perf_counter()
    response = client.get(EXPORT_URL, buffered=False)
    if response.status_code != 200:
        raise BenchmarkRefused(f"the export answered {response.status_code}")
    rows = -1  # the header line
    size = 0
    for chunk in response.response:
        data = chunk.encode() if isinstance(chunk, str) else chunk
        rows += data.count(b"\n")
        size += len(data)
    response.close()
    seconds = time.perf_counter() - began
    spent = meter.read()
    peak_mb = _rss_mb()
    return {
        "rows": rows,
        "seconds": seconds,
        "megabytes": size / 1e6,
        "peak_rss_mb": peak_mb,
        "growth_mb": peak_mb - before_mb,
        "statements": spent.statements,
        "app_cpu_seconds": spent.app_cpu_seconds,
        "database_cpu_seconds": spent.database_cpu_seconds,
    }
