"""Flask commands: geography seed, projects go-live, jobs run/loop, demo load."""

import click
from flask import current_app
from flask.cli import AppGroup

from crowdfund.extensions import db

geography_cli = AppGroup("geography", help="Morocco's administrative units.")
projects_cli = AppGroup("projects", help="Project lifecycle jobs.")
jobs_cli = AppGroup("jobs", help="Periodic jobs (cron runs `flask jobs run` every minute).")
demo_cli = AppGroup("demo", help="Demonstration data (never in production).")


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


def register_commands(app):
    for group in (geography_cli, projects_cli, jobs_cli, demo_cli):
        app.cli.add_command(group)
