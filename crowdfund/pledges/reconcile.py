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
#: How long after lapsing a pledge's payment is still asked about: the donor may complete
#: 3-D Secure on a page left open, and the processor then holds money Twiza must record.
LAPSED_WATCH = timedelta(days=30)


@reconciler("pledges")
def reconcile_pledges(gateway, now=None):
    """Apply what the processor says of every pledge waiting longer than the setting allows,
    and of pledges lapsed lately with a payment (a success after the lapse is still captured)."""
    now = now or utcnow()
    minutes = current_app.config["PLEDGE_PENDING_RECONCILE_MINUTES"]
    lapsed_lately = sa.and_(
        Pledge.state == PledgeState.LAPSED,
        Pledge.payment_intent_id.is_not(None),
        Pledge.action_deadline > now - LAPSED_WATCH,
    )
    waiting = db.session.scalars(
        sa.select(Pledge)
        .where(
            sa.or_(Pledge.state.in_(WAITING), lapsed_lately),
            Pledge.created_at < now - timedelta(minutes=minutes),
        )
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
