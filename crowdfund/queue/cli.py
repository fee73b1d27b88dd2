"""`flask queue worker` and `flask queue enqueue`: the job queue's commands (REDIS_URL set)."""

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from crowdfund import jobs
from crowdfund.queue.tasks import QueueNotConfigured, get_queue

queue_cli = AppGroup("queue", help="The job queue on Redis (REDIS_URL), instead of cron.")


def _queue():
    try:
        return get_queue(current_app._get_current_object())
    except QueueNotConfigured as error:
        raise click.ClickException(str(error)) from None


@queue_cli.command("worker")
@click.option("--threads", default=2, show_default=True, help="Tasks run at once.")
def worker_command(threads):
    """Run queued jobs, and every periodic job each minute, until stopped (SIGINT or SIGTERM)."""
    queue = _queue()
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(process)d %(threadName)s %(name)s %(message)s"
    )
    queue.create_worker(threads).run()


@queue_cli.command("enqueue")
@click.argument("names", nargs=-1, type=click.Choice(list(jobs.PERIODIC_JOBS)))
def enqueue_command(names):
    """Ask the workers to run these jobs (all of them if none is named) as soon as they can."""
    queue = _queue()
    for name in names or jobs.PERIODIC_JOBS:
        queue.enqueue(name)
        click.echo(f"{name}: queued")
