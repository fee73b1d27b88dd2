"""`flask payments reconcile` for pledges: ask the processor about those left waiting."""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from crowdfund.extensions import db
from crowdfund.payments.gateway import IntentStatus
from crowdfund.payments.reconcile import reconciler
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.services import apply_intent, card_saved
from crowdfund.timeutil import utcnow

WAITING = (PledgeState.PENDING, PledgeState.PROCESSING, PledgeState.REQUIRES_ACTION)


@reconciler("pledges")
def reconcile_pledges(gateway, now=None):
    """Apply what the processor says of every pledge waiting longer than the setting allows."""
    now = now or utcnow()
    minutes = current_app.config["PLEDGE_PENDING_RECONCILE_MINUTES"]
    waiting = db.session.scalars(
        sa.select(Pledge)
        .where(Pledge.state.in_(WAITING), Pledge.created_at < now - timedelta(minutes=minutes))
        .order_by(Pledge.id)
    ).all()
    before = {pledge.id: pledge.state for pledge in waiting}
    for pledge in waiting:
        if pledge.payment_intent_id is not None:
            apply_intent(pledge, gateway.retrieve_payment_intent(pledge.payment_intent_id))
        elif pledge.setup_intent_id is not None:
            # The card may have been saved without the browser coming back.
            setup = gateway.retrieve_setup_intent(pledge.setup_intent_id)
            if setup.status == IntentStatus.SUCCEEDED:
                card_saved(pledge, gateway)
    changed = sum(pledge.state != before[pledge.id] for pledge in waiting)
    return f"{len(waiting)} pledge(s) checked, {changed} moved on"
