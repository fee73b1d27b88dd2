"""Running the application for real: gunicorn workers and flask commands, each its own process."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from crowdfund.notifications.sink import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
APP_FACTORY = "tests.drills.served_app:create_drill_app()"


def drill_environment(database_url, server_name, upload_dir, **settings):
    """The environment of a served process: the DRILL_* settings `served_app` reads."""
    environment = {
        **os.environ,
        "DRILL_DATABASE_URL": database_url,
        "DRILL_SERVER_NAME": server_name,
        "DRILL_UPLOAD_DIR": str(upload_dir),
    }
    environment.update({f"DRILL_{name.upper()}": value for name, value in settings.items()})
    return environment


class Gunicorn:
    """gunicorn serving the application on a free localhost port, with sync or threaded workers.

    The repository's gunicorn.conf.py applies when there is one; the address, the
    number of workers and the threads given here take precedence.
    """

    def __init__(self, database_url, upload_dir, log_path, workers=1, threads=1, **settings):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.environment = drill_environment(
            database_url, f"127.0.0.1:{self.port}", upload_dir, **settings
        )
        self.arguments = [
            str(BIN / "gunicorn"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
            APP_FACTORY,
        ]
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.arguments, cwd=ROOT, env=self.environment, stdout=log, stderr=log
            )
        self.wait_until_serving()
        return self

    def __exit__(self, *_exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def wait_until_serving(self, timeout_seconds=60):
        """Wait until a worker answers the catalogue (after a start, or a worker's death)."""
        deadline = time.monotonic() + timeout_seconds
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn does not answer; see {self.log_path}")
            time.sleep(0.2)

    def worker_pids(self):
        """The pids of the master's worker processes."""
        return children_of(self.process.pid)


def children_of(pid):
    """The pids of the processes whose parent is `pid`, from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name, in parentheses, may hold spaces: the fields follow the last ")".
        parent = int(stat.rpartition(")")[2].split()[1])
        if parent == pid:
            children.append(int(entry.name))
    return children


def flask_command(environment, *arguments):
    """Run `flask <arguments>` on the drill application; the finished process."""
    return subprocess.run(
        [str(BIN / "flask"), "--app", APP_FACTORY, *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
