"""`flask campaigns settle`: close the campaigns past their end date."""

import click
from flask.cli import AppGroup

from crowdfund.extensions import db

campaigns_cli = AppGroup("campaigns", help="Campaigns and their pledges.")


@campaigns_cli.command("settle")
def settle_command():
    """Fund or fail every live project past its end date and charge or release its pledges."""
    from crowdfund.payments import get_gateway
    from crowdfund.pledges.settlement import settle_due_campaigns

    settlement = settle_due_campaigns(get_gateway())
    db.session.commit()
    click.echo(f"Settled {settlement}.")
