"""gunicorn settings for Twiza: `gunicorn -c gunicorn.conf.py wsgi:app`.

Every setting can be overridden from the environment (see docs/deployment.md);
the defaults suit one host behind nginx.
"""

import os
import shutil
import tempfile
from pathlib import Path

from crowdfund.ops.logs import logging_config  # imports no prometheus_client (see below)

# prometheus_client picks its multiprocess mode when first imported, which the app does:
# the directory must be in the environment before the app is loaded.
#: A directory made here (none was given) is removed when the master exits.
_made_metrics_dir = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _made_metrics_dir = tempfile.mkdtemp(prefix="twiza-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _made_metrics_dir

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
#: Workers: WEB_CONCURRENCY (the name platforms use), else two per core and one.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))
#: Threads per worker; above 1, gunicorn runs threaded (gthread) workers.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
#: Load the app once in the master: workers fork with it ready, and a broken app never
#: replaces working workers.
preload_app = True
# The control socket (one ~/.gunicorn/gunicorn.ctl per user) would be shared by every
# gunicorn of the host; systemd and signals manage these workers instead.
control_socket_disable = True
#: A request taking longer is killed (its worker restarted); nginx waits a little longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
#: Replace each worker after about this many requests (0: never), should a leak appear.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
#: Only nginx on this host may tell gunicorn the scheme; the app reads the client's address
#: through its own TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs: the access log, gunicorn's messages and the app's, as JSON lines on stderr.
accesslog = "-"
logconfig_dict = logging_config(os.environ.get("LOG_LEVEL", "INFO"))


def on_starting(server):
    """Start with no metrics left by a previous run of the master."""
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    for leftover in directory.glob("*.db"):
        leftover.unlink()


def post_fork(server, worker):
    """A worker must not share the database connections the master may have opened."""
    from crowdfund.extensions import db

    app = getattr(server.app, "callable", None)
    if not hasattr(app, "app_context") or "sqlalchemy" not in app.extensions:
        return
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


def child_exit(server, worker):
    """Fold a dead worker's live gauges away; its counters stay counted."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _made_metrics_dir:
        shutil.rmtree(_made_metrics_dir, ignore_errors=True)
