"""The HTTP benchmark's parts: gunicorn serving, wrk measuring, the targets judged."""

import pytest

from bench import http
from bench.database import BenchmarkRefused
from bench.serving import GUNICORN_CONF, gunicorn_command, served
from bench.wrk import run_wrk


def _row(target, pledges, per_second, p50, p99, target_per_second=None):
    return {
        "name": f"{target}, {pledges:,} pledges",
        "target": target,
        "pledges": pledges,
        "per_second": per_second,
        "p50_ms": p50,
        "p99_ms": p99,
        "target_per_second": target_per_second,
    }


def test_latency_growth_is_the_largest_data_over_the_smallest_for_each_page():
    runs = [
        _row("catalogue", 10_000, 500, 10.0, 20.0),
        _row("catalogue", 1_000_000, 450, 12.0, 40.0),
        _row("hello", 10_000, 2000, 2.0, 4.0),
        _row("hello", 1_000_000, 2000, 2.0, 5.0),
    ]

    assert http.latency_growth(runs, [10_000, 1_000_000]) == {
        "catalogue": {"p50": 1.2, "p99": 2.0},
        "hello": {"p50": 1.0, "p99": 1.25},
    }
    assert http.latency_growth(runs, [10_000]) == {}


def test_shortfalls_name_each_page_below_its_share_of_hello_slow_at_p99_or_slowing_down():
    runs = [
        _row("hello", 10_000, 2000, 2.0, 4.0),
        _row("catalogue", 10_000, 700, 10.0, 20.0, target_per_second=600),
        _row("project page", 10_000, 500, 10.0, 60.0, target_per_second=600),
        _row("API list", 10_000, 100, 80.0, 200.0),
    ]
    record = {
        "runs": runs,
        "latency_growth": {
            "catalogue": {"p50": 1.1, "p99": 1.6},
            "project page": {"p50": 1.0, "p99": 1.2},
            "API list": {"p50": 9.0, "p99": 9.0},
        },
    }

    assert http.shortfalls(record) == [
        "project page, 10,000 pledges: 500 requests/s, below 30% of hello (600/s)",
        "project page, 10,000 pledges: p99 60.0 ms, not under 50 ms",
        "catalogue: latency grows 1.1× (p50) and 1.6× (p99) with the data, more than 1.5×",
    ]


def test_pages_are_requested_in_turn_over_many_projects_and_list_pages():
    slugs = [f"project-{number}" for number in range(1_000)]

    targets = dict(http._targets(slugs))

    assert targets["catalogue"][:2] == ["/?page=1", "/?page=2"]
    assert len(targets["catalogue"]) == len(targets["API list"]) == http.LIST_PAGES
    assert len(targets["project page"]) == http.PROJECT_PAGES
    assert targets["project page"][:2] == ["/projects/project-0", "/projects/project-5"]


def test_the_benchmark_serves_with_the_repository_gunicorn_settings_when_there_are_some():
    command = gunicorn_command("bench.hello_app:wsgi", 8123, 2)

    assert command[-1] == "bench.hello_app:wsgi"
    assert command[command.index("--workers") + 1] == "2"
    assert command[command.index("--bind") + 1] == "127.0.0.1:8123"
    assert ("--config" in command) == GUNICORN_CONF.exists()


def test_wrk_measures_the_hello_application_served_by_gunicorn(wrk, tmp_path):
    with served("bench.hello_app:wsgi", workers=1, log_path=tmp_path / "gunicorn.log") as url:
        load = run_wrk(url, ["/"], connections=2, threads=1, seconds=1)

    assert load.requests > 10
    assert load.per_second == pytest.approx(load.requests / load.seconds)
    assert 0 < load.p50_ms <= load.p99_ms


def test_wrk_refuses_a_measurement_where_pages_fail(wrk, tmp_path):
    with (
        served("bench.hello_app:wsgi", workers=1, log_path=tmp_path / "gunicorn.log") as url,
        pytest.raises(BenchmarkRefused, match="answers other than 200 OK"),
    ):
        run_wrk(url, ["/", "/no-such-page"], connections=2, threads=1, seconds=1)


def test_a_server_that_cannot_start_is_reported_with_its_log(tmp_path):
    log = tmp_path / "gunicorn.log"

    with (
        pytest.raises(BenchmarkRefused, match="gunicorn exited"),
        served("bench.no_such_module:app", workers=1, log_path=log),
    ):
        pass

    assert "no_such_module" in log.read_text()
