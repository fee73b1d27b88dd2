"""Flask commands: geography seed, projects go-live, jobs run/loop, demo load, fx import."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from crowdfund.extensions import db
from crowdfund.ledger.cli import ledger_cli
from crowdfund.notifications.cli import mail_cli
from crowdfund.payments.cli import payments_cli
from crowdfund.pledges.cli import campaigns_cli
from crowdfund.queue.cli import queue_cli
from crowdfund.receipts.cli import receipts_cli

geography_cli = AppGroup("geography", help="Morocco's administrative units.")
projects_cli = AppGroup("projects", help="Project lifecycle jobs.")
jobs_cli = AppGroup("jobs", help="Periodic jobs (cron runs `flask jobs run` every minute).")
demo_cli = AppGroup("demo", help="Demonstration data (never in production).")
fx_cli = AppGroup("fx", help="Exchange rates to the dirham.")


@geography_cli.command("seed")
def seed_geography_command():
    """Create or update regions, provinces and communes from the seed file."""
    from crowdfund.geography.seed import seed_geography

    created = seed_geography()
    db.session.commit()
    click.echo(f"Geography seeded: {created} new units.")


@projects_cli.command("go-live")
def go_live_command():
    """Open every approved project whose start date has come."""
    from crowdfund.projects.services import open_due_projects

    opened = open_due_projects()
    db.session.commit()
    click.echo(f"{len(opened)} project(s) opened for pledges.")


@jobs_cli.command("run")
def run_jobs_command():
    """Run every periodic job once."""
    from crowdfund.jobs import run_periodic_jobs

    for name, summary in run_periodic_jobs().items():
        click.echo(f"{name}: {summary}")


@jobs_cli.command("loop")
@click.option("--interval", default=60, show_default=True, help="Seconds between passes.")
def loop_jobs_command(interval):
    """Run the periodic jobs again and again, beside the development server."""
    import logging

    from crowdfund.jobs import run_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s jobs %(message)s")
    run_forever(interval)


@demo_cli.command("load")
def load_demo_command():
    """Load demonstration accounts, organisations and projects."""
    if not current_app.config.get("ALLOW_DEMO_DATA"):
        raise click.ClickException("Demo data is refused in this configuration.")
    from crowdfund.demo import load_demo

    summary = load_demo()
    db.session.commit()
    click.echo(summary)


@fx_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_rates_command(path):
    """Import rates from a CSV file with the columns currency,rate,date,source: all or none."""
    from crowdfund.fx.importer import ImportRefused, import_rates

    with path.open(encoding="utf-8-sig", newline="") as lines:
        try:
            summary = import_rates(lines)
        except ImportRefused as refusal:
            for line, message in refusal.errors:
                click.echo(f"Line {line}: {message}", err=True)
            click.echo("Nothing was imported.", err=True)
            raise click.exceptions.Exit(1) from None
    db.session.commit()
    click.echo(f"Imported {summary.imported} rate{'' if summary.imported == 1 else 's'}.")
    if summary.skipped:
        click.echo(f"{summary.skipped} already recorded, left as they were.")


def register_commands(app):
    for group in (
        geography_cli,
        projects_cli,
        jobs_cli,
        demo_cli,
        fx_cli,
        ledger_cli,
        payments_cli,
        campaigns_cli,
        mail_cli,
        receipts_cli,
        queue_cli,
    ):
        app.cli.add_command(group)
