"""A real redis-server on a free localhost port, and the app's processes started for real.

Without redis-server the tests are skipped, except in CI (CI set), where they fail.
"""

import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from crowdfund.notifications.sink import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, timeout, what):
    """Poll `condition` until it is true; fail after `timeout` seconds saying `what` was awaited."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


@contextmanager
def running_redis(directory):
    """redis-server on a free port until the block ends, persisting nothing; yields its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(
        [binary, *options, "--dir", str(directory), "--logfile", str(directory / "redis.log")],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)

    def answering():
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    try:
        wait_until(answering, 15, "redis-server to answer")
        yield url
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """redis-server for the session; yields its URL."""
    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis_url(redis_server):
    """The session's Redis, emptied for this test."""
    client = redis.Redis.from_url(redis_server)
    client.flushall()
    client.close()
    return redis_server


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def served_app_environment(database_url, redis_url, upload_dir, **settings):
    """The environment of a process running tests/job_queue/served_app.py."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FLASK_", "TWIZA_", "RATELIMIT_"))
    }
    environment.update(
        TWIZA_SERVED_DATABASE_URL=database_url,
        TWIZA_SERVED_REDIS_URL=redis_url,
        TWIZA_SERVED_UPLOAD_DIR=str(upload_dir),
        PYTHONPATH=str(ROOT),
    )
    environment.update({f"TWIZA_SERVED_{key}": str(value) for key, value in settings.items()})
    return environment


@contextmanager
def running_flask(arguments, environment, log_path):
    """Run `flask --app tests.job_queue.served_app ARGUMENTS...` until the block ends."""
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "tests.job_queue.served_app", *arguments],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            # SIGINT: huey's consumer finishes the tasks in hand, then stops.
            process.send_signal(subprocess.signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=30)
