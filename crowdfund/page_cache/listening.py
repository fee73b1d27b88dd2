"""Each worker learns the page generation from PostgreSQL's notifications, not per request.

Reading the generation costs a kept page more than everything else it does (a pooled
connection, its ping, a transaction). On PostgreSQL every new generation is announced
with NOTIFY at the commit that made it (generation.py); a thread of each worker process
listens on a connection of its own and holds the newest value it heard. Pages then
trail a commit by the time its notification takes to arrive, milliseconds on one
network.

So that a lost or late notification is never trusted for long, the thread also reads
the generation itself every HEARTBEAT_SECONDS. While it is not listening (starting,
its connection lost, reconnecting) it knows no generation, and each request reads the
generation from the database, as on SQLite.
"""

import logging
import os
import threading

import psycopg
from psycopg import sql

from crowdfund.page_cache.generation import CHANNEL

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 5.0
RECONNECT_SECONDS = 1.0
_READ = "SELECT value FROM page_generation WHERE id = 1"


class GenerationListener:
    """The newest generation a worker process heard of, kept by a thread of its own."""

    def __init__(self, conninfo):
        self.conninfo = conninfo
        self._known = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._listen, name="page-generation", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stopping.set()
        self._thread.join(timeout=HEARTBEAT_SECONDS + 1)

    @property
    def known(self):
        """The generation, or None while the thread is not listening."""
        return self._known

    def _listen(self):
        while not self._stopping.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as connection:
                    connection.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
                    # After LISTEN: whatever is committed later is announced.
                    self._learn(connection.execute(_READ).fetchone()[0], replace=True)
                    self._follow(connection)
            except psycopg.Error:
                log.warning("not listening for page generations; retrying", exc_info=True)
            self._known = None
            self._stopping.wait(RECONNECT_SECONDS)

    def _follow(self, connection):
        while not self._stopping.is_set():
            for notification in connection.notifies(timeout=HEARTBEAT_SECONDS):
                self._learn(int(notification.payload))
            self._learn(connection.execute(_READ).fetchone()[0], replace=True)

    def _learn(self, value, replace=False):
        with self._lock:
            if replace or self._known is None or value > self._known:
                self._known = value


_listeners = {}
_starting = threading.Lock()


def listener_for(url):
    """This process's listener for the database at `url` (a SQLAlchemy URL), started once,
    even when the first requests of a threaded server arrive together.

    Keyed by process as well: a thread does not survive gunicorn's fork of a worker.
    """
    key = (os.getpid(), str(url))
    listener = _listeners.get(key)
    if listener is None:
        with _starting:
            if key not in _listeners:
                conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
                _listeners[key] = GenerationListener(conninfo).start()
            listener = _listeners[key]
    return listener
