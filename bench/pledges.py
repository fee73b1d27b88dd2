"""The pledge benchmark: pledges made along the whole service path on PostgreSQL, per second.

Each pledge takes the path of a real one (bench/pledge_path.py). One pledge in
four goes to an all-or-nothing project (its card is saved, not charged), the
rest to flexible projects; a 1:1 matching fund matches every capture. Workers
are processes, as gunicorn's are, each with its own FakeGateway. The one-worker
run then settles the all-or-nothing projects (every saved card charged) and
delivers those webhooks too. Every run ends with the ledger checked
(`check_ledger`) and the pledges counted by state: a breach fails the benchmark.
"""

import argparse
import cProfile
import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from itertools import cycle

import sqlalchemy as sa

from bench.database import BenchmarkRefused, bench_app, throwaway_database
from bench.meters import Meter, Spent
from bench.pledge_path import (
    AMOUNT_EUR,
    STEPS,
    PlannedPledge,
    Tally,
    WorkerGateway,
    make_pledge,
    post_webhooks,
)
from bench.workers import run_workers, shares_of
from crowdfund.extensions import db
from crowdfund.fx.services import record_rate
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import LedgerTransaction, TransactionKind
from crowdfund.matching.models import MatchAllocation
from crowdfund.payments import EXTENSION_KEY
from crowdfund.payments.models import ProcessedEvent
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import FundingModel, Project, ProjectState
from crowdfund.timeutil import today

NAME = "pledges"
HELP = "pledges through the whole service path, per second"
TARGET_PER_SECOND = 200
#: The rate recorded for the run.
EUR_RATE = Decimal("10.85")
#: Each project takes at most this many pledges, well within the legal cap with their matches.
PLEDGES_PER_PROJECT = 400
ALL_OR_NOTHING_EVERY = 4
#: Pledges each worker makes before the clock starts (imports, caches, connections).
WARM_UP = 10


@dataclass
class WorkerResult:
    pledges: int = 0
    began: float = 0.0
    ended: float = 0.0
    latencies: list = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    spent: Spent | None = None
    settlement: dict | None = None


def add_arguments(parser):
    parser.add_argument("--pledges", type=int, default=2_000, help="timed pledges per run")
    parser.add_argument("--donors", type=int, default=200, help="donors the pledges come from")
    parser.add_argument(
        "--workers",
        type=_worker_counts,
        default=[1, 2],
        help="worker processes of each run, comma-separated (default 1,2)",
    )
    parser.add_argument("--profile", metavar="FILE", help="cProfile stats of the 1-worker run")


def _worker_counts(text):
    counts = [int(part) for part in text.split(",") if part.strip().isdigit()]
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("a comma-separated list of numbers of workers, e.g. 1,2")
    return counts


def shortfalls(record):
    """A line for each run of pledges below the target."""
    return [
        f"{run['name']}: {run['per_second']:,.0f} pledges/s, below the target of "
        f"{TARGET_PER_SECOND}/s"
        for run in record["runs"]
        if run["name"].startswith("pledge,") and run["per_second"] < TARGET_PER_SECOND
    ]


def run(url, arguments):
    """Run the benchmark once per number of workers; the record for bench/results.json."""
    count, donors, profile_path = arguments.pledges, arguments.donors, arguments.profile
    runs = []
    for workers in arguments.workers:
        with throwaway_database(url) as bench_url:
            plan = _seed(bench_url, count, donors, workers)
            outcome = run_workers(
                _work,
                shares_of(plan, workers),
                bench_url,
                workers == 1,
                profile_path if workers == 1 else None,
            )
            _verify(bench_url, plan, settled=workers == 1)
        runs.extend(_rows(outcome, workers))
    return {
        "description": (
            "pledges quoted, started, card saved, charged and captured with their match, and "
            "their webhooks posted to /webhooks/stripe, each step committed; FakeGateway; "
            f"one pledge in {ALL_OR_NOTHING_EVERY} saved for an all-or-nothing project, whose "
            "settlement (the saved cards charged) is timed in the one-worker run"
        ),
        "runs": runs,
    }


def _seed(url, count, donors, workers):
    """A rate, a matching fund, the projects and donors; the pledges to make, in order."""
    from tests.factories import ProjectFactory, UserFactory
    from tests.factories.matching import MatchingFundFactory

    total = count + workers * WARM_UP
    kinds = [number % ALL_OR_NOTHING_EVERY != ALL_OR_NOTHING_EVERY - 1 for number in range(total)]
    flexible_count = sum(kinds)
    app = bench_app(url)
    with app.app_context():
        amount_mad = record_rate("EUR", EUR_RATE, today(), "Bank Al-Maghrib").quote.to_mad(
            AMOUNT_EUR
        )
        MatchingFundFactory(pool_amount=total * amount_mad)
        flexible = _projects(ProjectFactory, FundingModel.FLEXIBLE, flexible_count, amount_mad)
        all_or_nothing = _projects(
            ProjectFactory, FundingModel.ALL_OR_NOTHING, total - flexible_count, amount_mad
        )
        donor_ids = [donor.id for donor in UserFactory.create_batch(donors)]
        db.session.commit()
        db.engine.dispose()
    projects = {True: cycle(flexible), False: cycle(all_or_nothing)}
    donor_cycle = cycle(donor_ids)
    return [
        PlannedPledge(next(projects[kind]), next(donor_cycle), f"bench-{number}", kind)
        for number, kind in enumerate(kinds)
    ]


def _projects(factory, funding_model, pledges, amount_mad):
    """Live projects sharing `pledges`; an all-or-nothing goal is exactly what its pledges bring."""
    count = -(-pledges // PLEDGES_PER_PROJECT)
    projects = []
    for number in range(count):
        share = pledges // count + (number < pledges % count)
        goal = share * amount_mad if funding_model == FundingModel.ALL_OR_NOTHING else None
        projects.append(
            factory(funding_model=funding_model, **({"goal_amount": goal} if goal else {}))
        )
    db.session.flush()
    return [project.id for project in projects]


def _work(number, pledges, start, url, settle, profile_path):
    """One worker process: warm up, wait for the others, make its pledges against the clock."""
    result = WorkerResult()
    app = bench_app(url)
    gateway = WorkerGateway(app.config["STRIPE_WEBHOOK_SECRET"], number)
    app.extensions[EXTENSION_KEY] = gateway
    client = app.test_client()
    warm_up, timed = pledges[:WARM_UP], pledges[WARM_UP:]
    for planned in warm_up:
        make_pledge(app, gateway, client, planned, Tally())
    with app.app_context():
        meter = Meter(db.engine)
    profile = cProfile.Profile() if profile_path else None
    start.wait()
    if profile:
        profile.enable()
    meter.start()
    result.began = time.monotonic()
    for planned in timed:
        began = time.perf_counter()
        make_pledge(app, gateway, client, planned, result.tally)
        result.latencies.append(time.perf_counter() - began)
    result.ended = time.monotonic()
    if profile:
        profile.disable()
        profile.dump_stats(profile_path)
    result.pledges = len(timed)
    result.spent = meter.read()
    if settle:
        result.settlement = _settle(app, gateway, client, pledges, result.tally)
    return result


def _settle(app, gateway, client, pledges, tally):
    """Settle the all-or-nothing campaigns as the periodic job does, then post its webhooks."""
    with app.app_context():
        end_date = max(
            db.session.scalars(
                sa.select(Project.end_date).where(
                    Project.funding_model == FundingModel.ALL_OR_NOTHING
                )
            )
        )
    began = time.perf_counter()
    with app.app_context():
        settlement = settle_due_campaigns(gateway, today=end_date + timedelta(days=1))
        charged = len(settlement.captured)
        db.session.commit()
    settled = time.perf_counter()
    post_webhooks(gateway, client, tally)
    ended = time.perf_counter()
    expected = sum(not planned.flexible for planned in pledges)
    if charged != expected:
        raise BenchmarkRefused(f"settlement charged {charged} saved cards, not {expected}")
    return {
        "charged": charged,
        "settle_seconds": settled - began,
        "webhook_seconds": ended - settled,
    }


def _verify(url, plan, settled):
    """The ledger is sound and every pledge is where its path leaves it; else BenchmarkRefused."""
    flexible = sum(planned.flexible for planned in plan)
    expected = {
        PledgeState.CAPTURED: len(plan) if settled else flexible,
        PledgeState.SAVED: 0 if settled else len(plan) - flexible,
    }
    app = bench_app(url)
    with app.app_context():
        breaches = check_ledger()
        states = dict(
            db.session.execute(sa.select(Pledge.state, sa.func.count()).group_by(Pledge.state))
            .tuples()
            .all()
        )
        captures = db.session.scalar(
            sa.select(sa.func.count()).where(LedgerTransaction.kind == TransactionKind.CAPTURE)
        )
        matches = db.session.scalar(sa.select(sa.func.count()).select_from(MatchAllocation))
        events = db.session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent))
        unfunded = db.session.scalar(
            sa.select(sa.func.count()).where(
                Project.funding_model == FundingModel.ALL_OR_NOTHING,
                Project.state != (ProjectState.FUNDED if settled else ProjectState.LIVE),
            )
        )
        db.engine.dispose()
    states = {state: count for state, count in states.items() if count}
    captured = expected[PledgeState.CAPTURED]
    problems = [*breaches]
    if states != {state: count for state, count in expected.items() if count}:
        problems.append(f"pledges by state: {states}, expected {expected}")
    if (captures, matches) != (captured, captured):
        problems.append(f"{captures} captures and {matches} matches, expected {captured} of each")
    if events != len(plan) + captured:
        problems.append(f"{events} webhook events applied, expected {len(plan) + captured}")
    if unfunded:
        problems.append(f"{unfunded} all-or-nothing projects not in the expected state")
    if problems:
        raise BenchmarkRefused("The benchmark's outcome is wrong:\n" + "\n".join(problems))


def _spent_per_pledge(spent, pledges):
    database_cpu = [each.database_cpu_seconds for each in spent]
    return {
        "statements_per_operation": round(sum(each.statements for each in spent) / pledges, 1),
        "app_cpu_ms": round(1000 * sum(each.app_cpu_seconds for each in spent) / pledges, 2),
        "database_cpu_ms": (
            None if None in database_cpu else round(1000 * sum(database_cpu) / pledges, 2)
        ),
    }


def timed_row(name, outcome, workers):
    """A run's row: pledges, seconds, rate, latency and what each pledge spent, from its
    workers' results (each with `pledges`, `began`, `ended`, `latencies` and `spent`)."""
    latencies = sorted(latency for result in outcome for latency in result.latencies)
    pledges = sum(result.pledges for result in outcome)
    seconds = max(result.ended for result in outcome) - min(result.began for result in outcome)
    return {
        "name": f"{name}, {workers} worker{'s' if workers > 1 else ''}",
        "workers": workers,
        "operations": pledges,
        "seconds": round(seconds, 3),
        "per_second": round(pledges / seconds, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 2),
        "p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 2),
        **_spent_per_pledge([result.spent for result in outcome], pledges),
    }


def _rows(outcome, workers):
    """The result rows of one run: the pledges, and the settlement when there was one."""
    pledges = sum(result.pledges for result in outcome)
    steps = {
        step: round(1000 * sum(result.tally.step_seconds[step] for result in outcome) / pledges, 2)
        for step in STEPS
    }
    rows = [
        {
            **timed_row("pledge", outcome, workers),
            "deadlocks": sum(result.tally.deadlocks for result in outcome),
            "target_per_second": TARGET_PER_SECOND,
            "mean_ms_by_step": steps,
        }
    ]
    for result in outcome:
        if result.settlement:
            settlement = result.settlement
            seconds = settlement["settle_seconds"] + settlement["webhook_seconds"]
            rows.append(
                {
                    "name": "settlement: saved cards charged, then their webhooks",
                    "workers": 1,
                    "operations": settlement["charged"],
                    "seconds": round(seconds, 3),
                    "per_second": round(settlement["charged"] / seconds, 1),
                    **{key: round(value, 3) for key, value in settlement.items()},
                }
            )
    return rows
