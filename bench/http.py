"""The HTTP benchmark: the public pages served by gunicorn on PostgreSQL, loaded by wrk.

For each size of data (10,000 and 1,000,000 pledges by default), a database is
generated (bench/generate.py), the application is served by gunicorn with two
workers (the production configuration and the repository's gunicorn.conf.py;
the Stripe keys are placeholders, as no page loaded here pays) and wrk sends
requests over 8 connections to: a bare Flask "hello" application under the same
gunicorn settings (the ceiling of this machine), the
catalogue (its first pages in turn), project pages (200 projects spread over
all, in turn) and the API's list of projects (its first pages in turn).

The machine may be shared: the load average (1 minute) before each measurement
is recorded beside it, as the hello figure of the same moment is.
"""

import os
import secrets
import tempfile
import time
import urllib.request

from bench.database import throwaway_database
from bench.generate import Scale, generate
from bench.serving import served
from bench.wrk import run_wrk

NAME = "http"
HELP = "the catalogue, project pages and the API under wrk, against a bare Flask ceiling"
#: Pages must serve at least this part of the hello application's requests per second.
TARGET_SHARE_OF_HELLO = 0.30
TARGET_P99_MS = 50
#: From the smallest to the largest data, latency may grow by this factor at most.
TARGET_LATENCY_GROWTH = 1.5
#: The pages held to the targets above; the API list is measured, not held.
HELD_TO_TARGETS = ("catalogue", "project page")
PROJECT_PAGES = 200
LIST_PAGES = 20
WARM_UP_SECONDS = 3
#: The rows measured with the page store off, every request rendering its page.
RENDERED = ", every request rendered"


def add_arguments(parser):
    parser.add_argument(
        "--pledges",
        type=_counts,
        default=[10_000, 1_000_000],
        help="the sizes of data measured, in pledges, comma-separated (default 10000,1000000)",
    )
    parser.add_argument("--projects", type=int, default=Scale.projects)
    parser.add_argument("--donors", type=int, default=Scale.donors)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=15, help="each measurement's length")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")


def _counts(text):
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def run(url, arguments):
    """Generate each size of data, serve it, load it; the record for bench/results.json."""
    runs = []
    generation = {}
    for pledges in arguments.pledges:
        scale = Scale(arguments.projects, arguments.donors, pledges)
        with throwaway_database(url, suffix="http") as bench_url:
            generated = generate(bench_url, scale)
            generation[pledges] = round(generated.seconds, 1)
            runs.extend(_measure_scale(bench_url, generated, arguments))
    ratios = latency_growth(runs, arguments.pledges)
    return {
        "description": _describe(arguments, generation, ratios),
        "runs": runs,
        "generation_seconds": generation,
        "latency_growth": ratios,
    }


def _measure_scale(bench_url, generated, arguments):
    pledges = generated.scale.pledges
    load = {"connections": arguments.connections, "seconds": arguments.seconds}
    with served("bench.hello_app:wsgi", workers=arguments.workers) as hello_url:
        hello = _measure(hello_url, ["/"], "hello", pledges, arguments.workers, load)
    rows = [hello]
    with tempfile.TemporaryDirectory() as instance:
        environment = _application_environment(bench_url, instance)
        with served("wsgi:app", environment, workers=arguments.workers) as app_url:
            for target, paths in _targets(generated.slugs):
                row = _measure(app_url, paths, target, pledges, arguments.workers, load)
                if target in HELD_TO_TARGETS:
                    row["target_per_second"] = round(TARGET_SHARE_OF_HELLO * hello["per_second"])
                rows.append(row)
        # What a page costs when it is not kept: its first visitor after a change pays it.
        environment["PAGE_CACHE_ENABLED"] = "false"
        with served("wsgi:app", environment, workers=arguments.workers) as app_url:
            for target, paths in _targets(generated.slugs):
                if target in HELD_TO_TARGETS:
                    name = f"{target}{RENDERED}"
                    rows.append(_measure(app_url, paths, name, pledges, arguments.workers, load))
    for row in rows[1:]:
        row["share_of_hello"] = round(row["per_second"] / hello["per_second"], 3)
    return rows


def _application_environment(database_url, instance_dir):
    """The production configuration on the generated database; uploads in a scratch folder."""
    return {
        "TWIZA_CONFIG": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "STRIPE_SECRET_KEY": "sk_test_bench",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
        "STRIPE_WEBHOOK_SECRET": "whsec_bench",
        "TWIZA_INSTANCE_DIR": instance_dir,
        "UPLOAD_DIR": os.path.join(instance_dir, "uploads"),
    }


def _targets(slugs):
    """Each page measured and the paths wrk sends in turn."""
    step = max(len(slugs) // PROJECT_PAGES, 1)
    return (
        ("catalogue", [f"/?page={page}" for page in range(1, LIST_PAGES + 1)]),
        ("project page", [f"/projects/{slug}" for slug in slugs[::step][:PROJECT_PAGES]]),
        ("API list", [f"/api/v1/projects?page={page}" for page in range(1, LIST_PAGES + 1)]),
    )


def _measure(base_url, paths, target, pledges, workers, load):
    """Visit each path once and warm the workers up, then one measurement: a row of the results.

    The first visit of each page keeps it (crowdfund/page_cache): what is measured is the
    steady state of pages read again and again; the rows with RENDERED measure the rest.
    """
    for path in paths:
        with urllib.request.urlopen(base_url + path, timeout=60) as response:
            response.read()
    run_wrk(base_url, paths, connections=load["connections"], seconds=WARM_UP_SECONDS)
    load_before = os.getloadavg()[0]
    began = time.monotonic()
    measured = run_wrk(base_url, paths, connections=load["connections"], seconds=load["seconds"])
    return {
        "name": f"{target}, {pledges:,} pledges",
        "target": target,
        "pledges": pledges,
        "workers": workers,
        "connections": load["connections"],
        "operations": measured.requests,
        "seconds": round(measured.seconds, 2),
        "per_second": round(measured.per_second, 1),
        "p50_ms": round(measured.p50_ms, 2),
        "p99_ms": round(measured.p99_ms, 2),
        "mean_ms": round(measured.mean_ms, 2),
        "load_average": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "wall_seconds": round(time.monotonic() - began, 1),
    }


def latency_growth(runs, sizes):
    """For each page, p50 and p99 at the largest data over the smallest: {target: ratios}."""
    if len(sizes) < 2:
        return {}
    smallest, largest = min(sizes), max(sizes)
    by_key = {(run["target"], run["pledges"]): run for run in runs}
    growth = {}
    for target in {run["target"] for run in runs}:
        small, large = by_key.get((target, smallest)), by_key.get((target, largest))
        if small and large:
            growth[target] = {
                "p50": round(large["p50_ms"] / small["p50_ms"], 2),
                "p99": round(large["p99_ms"] / small["p99_ms"], 2),
            }
    return growth


def shortfalls(record):
    """A line for each page below its share of hello, over the p99 ceiling, or slowing down."""
    lines = []
    for run in record["runs"]:
        if run["target"] not in HELD_TO_TARGETS:
            continue
        if run["per_second"] < run["target_per_second"]:
            lines.append(
                f"{run['name']}: {run['per_second']:,.0f} requests/s, below "
                f"{TARGET_SHARE_OF_HELLO:.0%} of hello ({run['target_per_second']:,}/s)"
            )
        if run["p99_ms"] >= TARGET_P99_MS:
            lines.append(f"{run['name']}: p99 {run['p99_ms']:.1f} ms, not under {TARGET_P99_MS} ms")
    for target, ratios in sorted(record.get("latency_growth", {}).items()):
        if target in HELD_TO_TARGETS and max(ratios.values()) > TARGET_LATENCY_GROWTH:
            lines.append(
                f"{target}: latency grows {ratios['p50']}× (p50) and {ratios['p99']}× (p99) "
                f"with the data, more than {TARGET_LATENCY_GROWTH}×"
            )
    return lines


def _describe(arguments, generation, ratios):
    sizes = ", ".join(
        f"{pledges:,} pledges generated in {seconds} s" for pledges, seconds in generation.items()
    )
    growth = "; ".join(
        f"{target} p50 ×{value['p50']}, p99 ×{value['p99']}"
        for target, value in sorted(ratios.items())
    )
    return (
        f"GET requests over {arguments.connections} connections (wrk) to gunicorn with "
        f"{arguments.workers} workers on PostgreSQL: the bare Flask hello app (the ceiling), "
        f"the catalogue's first {LIST_PAGES} pages, {PROJECT_PAGES} project pages and the API "
        f"list's first {LIST_PAGES} pages, each in turn, each visited once before it is "
        "measured, so that the pages kept for visitors not logged in are served from the page "
        "store; then the catalogue and project pages again with the store off "
        f"('{RENDERED.strip(', ')}'); {arguments.projects:,} projects, "
        f"{arguments.donors:,} donors; {sizes}. Latency from the smallest to the largest data: "
        f"{growth or 'one size only'}. Targets: the catalogue and project pages at "
        f"{TARGET_SHARE_OF_HELLO:.0%} of hello's requests/s or more, p99 under "
        f"{TARGET_P99_MS} ms, latency growth within {TARGET_LATENCY_GROWTH}×. The load average "
        "is the machine's (1 minute) just before each measurement."
    )
