"""`flask campaigns settle`: close the campaigns past their end date and tell their donors."""

import click
from flask.cli import AppGroup

from crowdfund.extensions import db

campaigns_cli = AppGroup("campaigns", help="Campaigns and their pledges.")


@campaigns_cli.command("settle")
def settle_command():
    """Fund or fail every live project past its end date, charge or release its pledges,
    and queue the donors' mail with it (`flask mail deliver` sends it)."""
    from crowdfund.payments import get_gateway
    from crowdfund.pledges.notices import tell_donors
    from crowdfund.pledges.settlement import settle_due_campaigns

    settlement = settle_due_campaigns(get_gateway())
    told = tell_donors(settlement)
    db.session.commit()
    click.echo(f"Settled {settlement}; {told} mail(s) to donors queued.")
