"""The queue's tasks: every periodic job each minute, and on demand, one run at a time.

huey (on Redis) carries the tasks and schedules the periodic ones: every worker's
scheduler enqueues them each minute, so that the jobs go on while any worker is up.
The first copy of a minute runs and the others stand down; whatever the copy, a
run holds the job's lock (`locks.job_lock`), so no two workers run a job at once.
"""

import logging

from huey import RedisHuey, crontab

from crowdfund import jobs
from crowdfund.queue.locks import job_lock
from crowdfund.timeutil import utcnow

logger = logging.getLogger(__name__)

EXTENSION_KEY = "job_queue"
QUEUE_NAME = "twiza"
#: A minute's run that no worker started within this many seconds is dropped: the next comes.
PERIODIC_EXPIRES_SECONDS = 55
MINUTE_KEY_PREFIX = "twiza:queue:minute:"
#: Outcomes of a run that did not run the job.
SKIPPED_THIS_MINUTE = "skipped: already run this minute"
SKIPPED_LOCKED = "skipped: running on another worker"


class QueueNotConfigured(RuntimeError):
    """REDIS_URL is not set: cron runs the jobs instead (`flask jobs run`)."""


def get_queue(app):
    """The application's JobQueue, built on first use."""
    queue = app.extensions.get(EXTENSION_KEY)
    if queue is None:
        if not app.config.get("REDIS_URL"):
            raise QueueNotConfigured(
                "REDIS_URL is not set: run the jobs from cron with `flask jobs run`."
            )
        queue = app.extensions[EXTENSION_KEY] = JobQueue(app)
    return queue


class JobQueue:
    """huey on the application's Redis, with the tasks of the periodic jobs registered."""

    def __init__(self, app):
        self.app = app
        self.huey = RedisHuey(QUEUE_NAME, url=app.config["REDIS_URL"], results=False, utc=True)
        self.redis = self.huey.storage.conn
        self.lock_seconds = app.config["QUEUE_JOB_LOCK_SECONDS"]
        for name in jobs.PERIODIC_JOBS:
            self.huey.periodic_task(
                crontab(), name=f"every minute: {name}", expires=PERIODIC_EXPIRES_SECONDS
            )(self._every_minute(name))
        self.run_now = self.huey.task(name="run now")(self.run_locked)

    def enqueue(self, name):
        """Ask a worker to run job `name` as soon as it can (under the job's lock)."""
        if name not in jobs.PERIODIC_JOBS:
            raise KeyError(name)
        self.run_now(name)

    def create_worker(self, threads):
        """A huey consumer running tasks in `threads` threads, its scheduler enabled."""
        return self.huey.create_consumer(workers=threads, worker_type="thread", periodic=True)

    def _every_minute(self, name):
        def run_this_minute():
            return self.run_once_this_minute(name)

        return run_this_minute

    def run_once_this_minute(self, name):
        """The periodic run: only the first copy of this minute, among all the schedulers', runs."""
        minute = utcnow().strftime("%Y%m%d%H%M")
        if not self.redis.set(f"{MINUTE_KEY_PREFIX}{name}:{minute}", 1, nx=True, ex=120):
            return SKIPPED_THIS_MINUTE
        return self.run_locked(name)

    def run_locked(self, name):
        """Run job `name` in an application context of its own, unless another worker runs it."""
        with self.app.app_context(), job_lock(self.redis, name, self.lock_seconds) as held:
            if not held:
                logger.info("job %r %s", name, SKIPPED_LOCKED)
                return SKIPPED_LOCKED
            logger.info("job %r started", name)
            summary = jobs.run_job(name)
            logger.info("job %r finished: %s", name, summary)
            return summary
