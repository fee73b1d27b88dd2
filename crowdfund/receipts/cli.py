"""`flask receipts issue-missing`: receipts for pledges captured before receipts existed."""

import click
from flask.cli import AppGroup

from crowdfund.extensions import db

receipts_cli = AppGroup("receipts", help="Receipts of captured pledges.")


@receipts_cli.command("issue-missing")
def issue_missing_command():
    """Issue a receipt to every captured pledge that has none, in the order of capture."""
    from crowdfund.receipts.issuing import issue_missing_receipts

    issued = issue_missing_receipts()
    db.session.commit()
    if issued:
        click.echo(f"Issued {len(issued)} receipt(s): {issued[0].number} to {issued[-1].number}.")
    else:
        click.echo("Every captured pledge has its receipt.")
