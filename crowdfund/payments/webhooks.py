"""POST /webhooks/stripe: check the signature over the raw body, then hand the event on."""

from flask import Blueprint, current_app, request

from crowdfund.extensions import db
from crowdfund.payments import get_gateway
from crowdfund.payments.gateway import InvalidSignature
from crowdfund.payments.services import apply_event
from crowdfund.permissions import Permission, require

bp = Blueprint("payments", __name__)


@bp.post("/webhooks/stripe")
@require(Permission.PUBLIC)
def stripe_webhook():
    """Apply an event from the processor; its signature is its authentication."""
    try:
        event = get_gateway().construct_event(
            request.get_data(), request.headers.get("Stripe-Signature", "")
        )
    except InvalidSignature as error:
        current_app.logger.warning("Stripe webhook refused: %s", error)
        return {"error": "invalid signature or payload"}, 400
    applied = apply_event(event)
    db.session.commit()
    return {"received": event.id, "duplicate": not applied}
