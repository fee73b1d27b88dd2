"""`flask campaigns settle`: close the campaigns past their end date and tell their donors."""

import click
from flask.cli import AppGroup

from crowdfund.extensions import db

campaigns_cli = AppGroup("campaigns", help="Campaigns and their pledges.")


@campaigns_cli.command("settle")
def settle_command():
    """Fund or fail every live project past its end date, charge or release its pledges,
    then mail the donors."""
    from crowdfund.payments import get_gateway
    from crowdfund.pledges.notices import tell_donors
    from crowdfund.pledges.settlement import settle_due_campaigns

    settlement = settle_due_campaigns(get_gateway())
    # Committed before any mail, so that a mail that fails cannot undo the settlement.
    db.session.commit()
    told = tell_donors(settlement)
    click.echo(f"Settled {settlement}; {told} donor(s) told by mail.")
