"""`flask mail ...`: deliver the outbox, show what waits or was given up, run the dev sink."""

from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from crowdfund.extensions import db

mail_cli = AppGroup("mail", help="The outbox of mail and the development SMTP sink.")


@mail_cli.command("deliver")
def deliver_command():
    """Send the mail that is due (the periodic jobs do this every pass)."""
    from crowdfund.notifications.delivery import deliver_pending

    click.echo(str(deliver_pending()))


@mail_cli.command("status")
def status_command():
    """Count the mail sent, waiting and given up, and list what was given up."""
    from crowdfund.notifications.models import OutboxMessage

    sent = sa.func.count().filter(OutboxMessage.sent_at.is_not(None))
    waiting = sa.func.count().filter(
        OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at.is_not(None)
    )
    given_up_rows = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at.is_(None))
        .order_by(OutboxMessage.id)
    ).all()
    counts = db.session.execute(sa.select(sent, waiting)).one()
    click.echo(f"{counts[0]} sent, {counts[1]} waiting, {len(given_up_rows)} given up.")
    for message in given_up_rows:
        click.echo(
            f"#{message.id} {message.kind} to {message.address}, "
            f"{message.attempts} attempts: {message.last_error}"
        )


@mail_cli.command("retry")
def retry_command():
    """Put the mail that was given up back in line (after a long outage)."""
    from crowdfund.notifications.delivery import retry_given_up

    count = retry_given_up()
    db.session.commit()
    click.echo(f"{count} message(s) will be tried again.")


@mail_cli.command("sink")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8025, show_default=True, type=int)
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the .eml files (default: instance/mail).",
)
def sink_command(host, port, directory):
    """Run a local SMTP server that writes every message it receives to an .eml file."""
    from crowdfund.notifications.sink import run_sink

    run_sink(directory or Path(current_app.instance_path) / "mail", host, port, click.echo)
