"""The floor under the pledge benchmark: the pledge path's shape with nothing inside it.

A pledge (bench/pledge_path.py) is four committed steps on this stack: the form
and the card's return each in an application context of their own, then two
webhooks posted through the test client to a Flask route. Here each of those
steps writes one row and commits, and does nothing else: no quote, pledge,
ledger, match, receipt or mail. What this reaches is the most any pledge path of
that shape could reach on this machine with Flask, SQLAlchemy and psycopg, and
so what the pledge benchmark's target asks of the work inside the steps.
"""

import os
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import jsonify, request

from bench.database import BenchmarkRefused, bench_app, throwaway_database
from bench.meters import Meter
from bench.pledges import TARGET_PER_SECOND, WARM_UP, _worker_counts, timed_row
from bench.workers import run_workers, shares_of
from crowdfund.extensions import db
from crowdfund.payments.models import ProcessedEvent
from crowdfund.timeutil import utcnow

NAME = "pledge-floor"
HELP = "the pledge path's four committed steps, each writing one row: this machine's ceiling"
WEBHOOKS_PER_PLEDGE = 2


@dataclass
class FloorResult:
    pledges: int = 0
    began: float = 0.0
    ended: float = 0.0
    latencies: list = field(default_factory=list)
    spent: object = None


def add_arguments(parser):
    parser.add_argument("--pledges", type=int, default=2_000, help="timed pledges per run")
    parser.add_argument(
        "--workers",
        type=_worker_counts,
        default=[1, 2, 4],
        help="worker processes of each run, comma-separated (default 1,2,4: more workers than "
        "CPUs overlap the waits for commits)",
    )


def shortfalls(record):
    """The floor has no target of its own: it says what the pledge benchmark's target needs."""
    return []


def run(url, arguments):
    runs = []
    for workers in arguments.workers:
        with throwaway_database(url, suffix="floor") as floor_url:
            plan = list(range(arguments.pledges + workers * WARM_UP))
            outcome = run_workers(_work, shares_of(plan, workers), floor_url)
            _verify(floor_url, len(plan))
        runs.append(_row(outcome, workers))
    best = max(run["per_second"] for run in runs)
    ceiling = min(_cpu_ceiling(run) for run in runs)
    return {
        "description": (
            "the pledge path's shape with nothing inside: an application context that inserts "
            "a row and commits (the form), another that updates it and commits (the card's "
            f"return), and {WEBHOOKS_PER_PLEDGE} POSTs through the test client to a route that "
            "inserts a row and commits (the webhooks). No pledge, ledger, match, receipt or "
            f"mail. The pledge benchmark's target of {TARGET_PER_SECOND}/s is "
            f"{100 * TARGET_PER_SECOND / best:.0f}% of the best floor run. Even were every wait "
            f"overlapped, the floor's CPU per pledge (the app's and PostgreSQL's) would allow "
            f"at most {ceiling:,.0f} pledges/s on this machine's {os.cpu_count()} CPUs."
        ),
        "runs": runs,
    }


def _cpu_ceiling(run):
    """Pledges per second if the machine's CPUs did nothing but the floor's work, never idle."""
    cpu_ms = run["app_cpu_ms"] + (run["database_cpu_ms"] or 0)
    return os.cpu_count() * 1000 / cpu_ms


def _add_webhook_route(app):
    """A route of the webhook's shape that records the event's id and nothing else."""

    def bare_webhook():
        db.session.execute(
            sa.insert(ProcessedEvent).values(
                event_id=request.get_json()["id"], type="floor", processed_at=utcnow()
            )
        )
        db.session.commit()
        return jsonify(received=True)

    app.add_url_rule("/bench/floor-webhook", "bench_floor_webhook", bare_webhook, methods=["POST"])


def _one_pledge(app, client, number):
    with app.app_context():
        db.session.execute(
            sa.insert(ProcessedEvent).values(
                event_id=f"form-{number}", type="floor", processed_at=utcnow()
            )
        )
        db.session.commit()
    with app.app_context():
        db.session.execute(
            sa.update(ProcessedEvent)
            .where(ProcessedEvent.event_id == f"form-{number}")
            .values(type="card saved")
        )
        db.session.commit()
    for webhook in range(WEBHOOKS_PER_PLEDGE):
        response = client.post("/bench/floor-webhook", json={"id": f"evt-{number}-{webhook}"})
        if response.status_code != 200:
            raise BenchmarkRefused(f"the bare webhook route answered {response.status_code}")


def _work(_number, share, start, url):
    result = FloorResult()
    app = bench_app(url)
    _add_webhook_route(app)
    client = app.test_client()
    warm_up, timed = share[:WARM_UP], share[WARM_UP:]
    for number in warm_up:
        _one_pledge(app, client, number)
    with app.app_context():
        meter = Meter(db.engine)
    start.wait()
    meter.start()
    result.began = time.monotonic()
    for number in timed:
        began = time.perf_counter()
        _one_pledge(app, client, number)
        result.latencies.append(time.perf_counter() - began)
    result.ended = time.monotonic()
    result.pledges = len(timed)
    result.spent = meter.read()
    return result


def _verify(url, pledges):
    app = bench_app(url)
    with app.app_context():
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent))
        db.engine.dispose()
    expected = pledges * (1 + WEBHOOKS_PER_PLEDGE)
    if rows != expected:
        raise BenchmarkRefused(f"the floor wrote {rows} rows, expected {expected}")


def _row(outcome, workers):
    return timed_row("pledge floor", outcome, workers)
