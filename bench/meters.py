"""What a worker spends: SQL statements sent, its own CPU time and its PostgreSQL backends'.

CPU time does not depend on what else the machine runs, unlike seconds on the
clock: on a shared machine it tells what the code costs. The backends' CPU is
read from /proc, so only when PostgreSQL runs on this machine (else None).
"""

import os
import time
from dataclasses import dataclass

import sqlalchemy as sa

_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Spent:
    statements: int
    app_cpu_seconds: float
    database_cpu_seconds: float | None


class Meter:
    """Counts from `start()` what `engine`'s connections send and cost, until `read()`."""

    def __init__(self, engine):
        self._statements = 0
        self._backends = set()
        self._started = None
        sa.event.listen(engine, "before_cursor_execute", self._count)
        sa.event.listen(engine, "checkout", self._remember_backend)
        with engine.connect() as connection:
            self._backends.add(connection.connection.dbapi_connection.info.backend_pid)

    def start(self):
        self._statements = 0
        self._started = (time.process_time(), self._backend_cpu())

    def read(self):
        app_cpu, database_cpu = self._started
        now = self._backend_cpu()
        return Spent(
            statements=self._statements,
            app_cpu_seconds=time.process_time() - app_cpu,
            database_cpu_seconds=None if now is None else now - database_cpu,
        )

    def _count(self, *_arguments):
        self._statements += 1

    def _remember_backend(self, dbapi_connection, _record, _proxy):
        self._backends.add(dbapi_connection.info.backend_pid)

    def _backend_cpu(self):
        """The CPU seconds of every backend used so far, or None if they are not on this machine."""
        total = 0
        for pid in self._backends:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                    if b"postgres" not in cmdline.read():
                        return None
                with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                return None
            # utime and stime: the 14th and 15th fields of /proc/<pid>/stat.
            total += int(fields[11]) + int(fields[12])
        return total / _TICKS_PER_SECOND
