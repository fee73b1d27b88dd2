"""One lock per job in Redis, so that workers on several hosts never run the same job at once.

The lock expires `ttl` seconds after it was last renewed, and a thread renews it
while the job runs: a worker that dies holding it blocks the job for `ttl`
seconds at most, however long the job itself lasts. Should the renewal fail
(Redis unreachable) and a second run start, the jobs stay idempotent at the row
level (row locks, idempotency keys).
"""

import logging
import threading
from contextlib import contextmanager

from redis.exceptions import LockError, RedisError

logger = logging.getLogger(__name__)

KEY_PREFIX = "twiza:queue:lock:"


@contextmanager
def job_lock(redis, name, ttl):
    """Hold the lock of job `name` for the block if no one else does; yields whether it is held.

    redis-py's lock stores a token of its own, so releasing never frees a lock that
    expired and was taken by another worker in the meantime. The token is not
    thread-local: the renewing thread uses it too.
    """
    lock = redis.lock(KEY_PREFIX + name, timeout=ttl, blocking=False, thread_local=False)
    if not lock.acquire():
        yield False
        return
    stop = threading.Event()
    renewer = threading.Thread(
        target=_renew_until_stopped, args=(lock, name, ttl, stop), daemon=True
    )
    renewer.start()
    try:
        yield True
    finally:
        stop.set()
        renewer.join()
        _release(lock, name)


def _renew_until_stopped(lock, name, ttl, stop):
    """Give the lock its full `ttl` again three times per `ttl`, until `stop` is set."""
    while not stop.wait(ttl / 3):
        try:
            lock.reacquire()
        except (LockError, RedisError):
            logger.warning("the lock of job %r could not be renewed", name, exc_info=True)
            return


def _release(lock, name):
    try:
        lock.release()
    except (LockError, RedisError):
        logger.warning("the lock of job %r was lost before the job ended", name)
