"""Webhook handlers: each moves a pledge forward through the same services as the API results."""

import logging

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.payments import get_gateway
from crowdfund.payments.services import on_event
from crowdfund.payments.stripe_objects import payment_intent_result
from crowdfund.pledges.finding import pledge_of_payment, pledge_of_setup
from crowdfund.pledges.models import PledgeRefund
from crowdfund.pledges.services import apply_intent, card_saved

logger = logging.getLogger(__name__)


@on_event("payment_intent.succeeded")
def payment_succeeded(event):
    """A success is final: apply the event's own copy (capture is idempotent)."""
    pledge = pledge_of_payment(event.object_id, event.data.get("metadata"))
    if pledge is not None:
        apply_intent(pledge, payment_intent_result(event.data))


@on_event("payment_intent.payment_failed")
def payment_failed(event):
    """A failure may be stale (the donor authenticated since): ask the processor what holds now."""
    pledge = pledge_of_payment(event.object_id, event.data.get("metadata"))
    if pledge is not None:
        apply_intent(pledge, get_gateway().retrieve_payment_intent(event.object_id))


@on_event("setup_intent.succeeded")
def setup_succeeded(event):
    """The card is saved even if the browser never came back; the charge key prevents a second."""
    pledge = pledge_of_setup(event.object_id)
    if pledge is not None:
        card_saved(pledge, get_gateway())


@on_event("charge.refunded")
def charge_refunded(event):
    """Refunds are recorded by `refund_pledge`; one made elsewhere (the dashboard) is flagged."""
    pledge = pledge_of_payment(event.data.get("payment_intent"))
    if pledge is None:
        return
    recorded = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(PledgeRefund.amount), 0)).where(
            PledgeRefund.pledge_id == pledge.id
        )
    )
    refunded = event.data.get("amount_refunded", 0)
    if refunded > int(recorded):
        logger.warning(
            "Pledge %s: the processor refunded %s %s, Twiza recorded %s: refund made outside "
            "Twiza, to be recorded by an administrator.",
            pledge.id,
            refunded,
            pledge.currency,
            recorded,
        )
