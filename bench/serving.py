"""A WSGI application served by gunicorn in a process of its own, for the HTTP benchmark.

The repository's gunicorn.conf.py is used when there is one, so that the
benchmark measures the settings production runs with; the number of workers and
the address are always given on the command line (which wins over the file).
The access log goes where the settings send it (kept in a file when asked):
writing it is part of what a request costs in production.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.database import BenchmarkRefused

REPOSITORY = Path(__file__).resolve().parent.parent
GUNICORN_CONF = REPOSITORY / "gunicorn.conf.py"
STARTUP_SECONDS = 60


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(application, port, workers):
    """The command serving `application` ("module:variable") on `port` with `workers`."""
    settings = ["--config", str(GUNICORN_CONF)] if GUNICORN_CONF.exists() else []
    return [
        sys.executable,
        "-m",
        "gunicorn",
        *settings,
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        # Not the one control socket of the machine: another gunicorn may be using it.
        "--no-control-socket",
        application,
    ]


@contextmanager
def served(application, environment=None, *, workers=2, log_path=None, probe="/"):
    """Serve `application` with gunicorn; yield its base URL once `probe` answers 200.

    SERVER_NAME is set to the address served, as production sets it to the site's name.
    """
    port = free_port()
    log = open(log_path or os.devnull, "ab")  # noqa: SIM115  (closed below, after the server)
    process = subprocess.Popen(
        gunicorn_command(application, port, workers),
        cwd=REPOSITORY,
        env={**os.environ, **(environment or {}), "SERVER_NAME": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_answering(process, base_url + probe, log_path)
        yield base_url
    finally:
        _stop(process)
        log.close()


def _wait_until_answering(process, url, log_path):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkRefused(
                f"gunicorn exited with {process.returncode} (its log: {log_path or 'not kept'})"
            )
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise BenchmarkRefused(f"{url} did not answer 200 within {STARTUP_SECONDS} s")


def _stop(process):
    """Stop gunicorn gracefully (SIGTERM to its arbiter), then for good if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
