"""The production entry point under the repository's gunicorn.conf.py, with two workers.

`wsgi:app` in the production configuration, as the deployment guide runs it: health
probes, JSON log lines carrying the request id, and metrics added up across workers.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from crowdfund.notifications.sink import free_port
from tests.ops.conftest import migrated_database

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "scrape-token-" + "x" * 32
#: What nginx adds to every request it passes on (docs/deployment.md).
THROUGH_NGINX = {"X-Forwarded-For": "198.51.100.23", "X-Forwarded-Proto": "https"}
HEALTH_CHECKS = 200


def get(url, headers=None):
    """(status, headers, body) of a GET, error statuses included."""
    request = urllib.request.Request(url, headers={**THROUGH_NGINX, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn serving `wsgi:app` in production on a migrated database.

    Yields its URL, its metrics directory and its log file.
    """
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    with migrated_database(tmp_path, "ops_gunicorn") as database_url:
        yield from _serve(database_url, tmp_path)


def _serve(database_url, tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "TWIZA_CONFIG": "production",
        "TWIZA_INSTANCE_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "s" * 48,
        "SERVER_NAME": f"127.0.0.1:{port}",
        "STRIPE_SECRET_KEY": "sk_test_twiza_ops",
        "STRIPE_WEBHOOK_SECRET": "whsec_twiza_ops",
        "METRICS_TOKEN": TOKEN,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=log,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(server, url, log_path)
        yield url, tmp_path / "metrics", log_path
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_ready(server, url, log_path, timeout_seconds=60):
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log_path.read_text()}")
        try:
            if get(f"{url}/readyz")[0] == 200:
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn never became ready:\n{log_path.read_text()}")


def _scrape(url):
    status, _headers, body = get(f"{url}/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    return body


def _healthz_counted(body):
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == "twiza_http_requests_total" and sample.labels == {
                "endpoint": "ops.healthz",
                "method": "GET",
                "status": "200",
            }:
                return sample.value
    return 0


def test_metrics_add_up_the_requests_of_every_worker(served):
    url, metrics_dir, _log = served
    before = _healthz_counted(_scrape(url))

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: get(f"{url}/healthz")[0], range(HEALTH_CHECKS)))
    assert statuses == [200] * HEALTH_CHECKS

    workers_that_counted = {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("counter_*")}
    assert len(workers_that_counted) >= 2
    # Whichever worker answers the scrape, it reports what both served.
    for _ in range(6):
        body = _scrape(url)
        assert _healthz_counted(body) == before + HEALTH_CHECKS
        assert b"twiza_outbox_pending 0.0" in body


def test_metrics_are_refused_without_the_token(served):
    url, _metrics_dir, _log = served

    assert get(f"{url}/metrics")[0] == 401
    assert get(f"{url}/metrics", {"Authorization": "Bearer guess"})[0] == 401


def test_every_log_line_is_json_and_the_access_line_carries_the_request_id(served):
    url, _metrics_dir, log_path = served

    status, headers, _body = get(f"{url}/healthz", {"X-Request-ID": "deploy-check-1"})
    assert (status, headers["X-Request-ID"]) == (200, "deploy-check-1")
    time.sleep(0.5)

    lines = [json.loads(line) for line in log_path.read_text().splitlines()]
    assert {"gunicorn.error", "gunicorn.access"} <= {line["logger"] for line in lines}
    [access] = [line for line in lines if line.get("request_id") == "deploy-check-1"]
    assert access["logger"] == "gunicorn.access"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/healthz", 200)
    assert access["forwarded_for"] == "198.51.100.23"
