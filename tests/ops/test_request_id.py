"""Every request has an id: the caller's when it looks like one, echoed, in every log line."""

import contextvars
import io
import json
import logging

import pytest

from crowdfund.ops.logs import JsonFormatter, RequestIdFilter


def test_a_sane_request_id_is_kept_and_echoed(client):
    response = client.get("/healthz", headers={"X-Request-ID": "3f2a9c1e-7b1d-4e0a.edge:1"})

    assert response.headers["X-Request-ID"] == "3f2a9c1e-7b1d-4e0a.edge:1"


def test_without_a_request_id_each_request_gets_a_new_one(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]

    assert first != second
    assert all(len(made) == 32 and int(made, 16) >= 0 for made in (first, second))


@pytest.mark.parametrize(
    "sent",
    [
        "two words",
        '{"level": "CRITICAL"}',
        "a" * 129,
        "é-accentué",
        "id\\u000a",
    ],
)
def test_a_request_id_that_does_not_look_like_one_is_replaced(client, sent):
    echoed = client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"]

    assert echoed != sent
    assert len(echoed) == 32


def test_errors_carry_the_request_id_too(client):
    response = client.get("/no-such-page", headers={"X-Request-ID": "lost-1"})

    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "lost-1"


@pytest.fixture
def json_log():
    """What the root logger writes during the test, formatted as in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_every_log_line_of_a_request_carries_its_id(unreachable_app, json_log):
    """The readiness probe logs why the database is unreachable, with the traceback."""
    unreachable_app.test_client().get("/readyz", headers={"X-Request-ID": "probe-7"})

    lines = [line for line in json_log() if line["logger"].startswith("crowdfund")]
    assert lines
    assert {line["request_id"] for line in lines} == {"probe-7"}
    [warning] = lines
    assert warning["level"] == "WARNING"
    assert warning["message"] == "readiness: database unreachable"
    assert "OperationalError" in warning["exception"]


def test_log_lines_outside_a_request_have_no_request_id(json_log):
    """As a periodic job logs (the suite runs each test inside a request: not this line)."""
    logger = logging.getLogger("crowdfund.jobs")
    contextvars.Context().run(logger.warning, "settlement %s failed", "12", extra={"job": "x"})

    [line] = json_log()
    assert line["request_id"] is None
    assert line["message"] == "settlement 12 failed"
    assert line["job"] == "x"


def test_gunicorn_access_lines_become_json_fields():
    atoms = {
        "h": "127.0.0.1",
        "m": "GET",
        "U": "/projects/well",
        "q": "lang=fr",
        "s": "200",
        "B": 5120,
        "D": 18250,
        "f": "-",
        "a": "curl/8.5",
        "{x-forwarded-for}i": "198.51.100.23",
        "{x-request-id}o": "probe-7",
    }
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(h)s", (atoms,), None)

    line = json.loads(JsonFormatter().format(record))

    assert line | {"time": None, "pid": None} == {
        "time": None,
        "pid": None,
        "level": "INFO",
        "logger": "gunicorn.access",
        "message": "request",
        "remote_addr": "127.0.0.1",
        "method": "GET",
        "path": "/projects/well",
        "query": "lang=fr",
        "status": 200,
        "bytes": 5120,
        "duration_us": 18250,
        "user_agent": "curl/8.5",
        "forwarded_for": "198.51.100.23",
        "request_id": "probe-7",
    }
