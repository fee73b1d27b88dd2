"""Two app servers (separate processes) on one Redis count login attempts together.

The same two servers with the limits in their own memory count apart: what the
first refuses, the second still allows, which is why production sets REDIS_URL.
"""

import urllib.error
import urllib.parse
import urllib.request
from contextlib import ExitStack

import pytest

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db, limiter
from crowdfund.notifications.sink import free_port
from tests.job_queue.conftest import (
    running_flask,
    running_redis,
    served_app_environment,
    wait_until,
)


@pytest.fixture
def database_url(tmp_path):
    """A SQLite file with the schema, that both servers use."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"

    class SchemaConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = url
        UPLOAD_DIR = tmp_path / "uploads"

    schema_app = create_app(SchemaConfig)
    with schema_app.app_context():
        db.create_all()
        db.engine.dispose()
    return url


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def _attempt_login(server):
    data = urllib.parse.urlencode({"email": "amina@example.org", "password": "wrong"}).encode()
    try:
        with urllib.request.urlopen(f"{server}/account/login", data=data, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    ("storage", "fourth_attempt_elsewhere"), [("redis", 429), ("memory://", 200)]
)
def test_login_attempts_are_counted_across_app_servers_only_in_redis(
    database_url, redis_url, redis_client, tmp_path, storage, fourth_attempt_elsewhere
):
    settings = {"LOGIN_RATE_LIMIT": "3 per minute"}
    if storage != "redis":
        settings["RATELIMIT_STORAGE_URI"] = storage
    environment = served_app_environment(database_url, redis_url, tmp_path / "up", **settings)
    servers = []
    with ExitStack() as stack:
        for number in range(2):
            port = free_port()
            arguments = ["run", "--host", "127.0.0.1", "--port", str(port), "--no-reload"]
            stack.enter_context(
                running_flask(arguments, environment, tmp_path / f"server-{number}.log")
            )
            servers.append(f"http://127.0.0.1:{port}")
        for server in servers:
            wait_until(lambda s=server: _answers(f"{s}/account/login"), 60, f"{server} to answer")

        first, second = servers
        assert [_attempt_login(first) for _ in range(3)] == [200, 200, 200]
        assert _attempt_login(second) == fourth_attempt_elsewhere

    counters = redis_client.keys("*twiza*")
    assert bool(counters) == (storage == "redis")


@pytest.fixture
def app_on_its_own_redis(tmp_path):
    """An app with the limits on (3 attempts a minute) in a Redis of its own, which a test
    may stop; yields (app, stop)."""
    with ExitStack() as stack:
        redis_dir = tmp_path / "redis"
        redis_dir.mkdir()
        url = stack.enter_context(running_redis(redis_dir))

        class OwnRedisConfig(TestConfig):
            RATELIMIT_ENABLED = True
            RATELIMIT_STORAGE_URI = url
            LOGIN_RATE_LIMIT = "3 per minute"
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'own.sqlite3'}"
            UPLOAD_DIR = tmp_path / "uploads"

        app = create_app(OwnRedisConfig)
        with app.app_context():
            db.create_all()
        try:
            yield app, stack.close
        finally:
            # The limiter is shared by every app: leave it off and empty, as the other tests expect.
            limiter.enabled = False
            with app.app_context():
                db.engine.dispose()


def test_with_redis_down_logins_are_still_answered_and_counted_in_memory(app_on_its_own_redis):
    app, stop_redis = app_on_its_own_redis
    client = app.test_client()
    login = {"email": "amina@example.org", "password": "wrong"}
    assert client.post("/account/login", data=login).status_code == 200

    stop_redis()

    answers = [client.post("/account/login", data=login).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
