"""Finding the pledge a processor object is about, locked: the finder goes on to change it."""

from crowdfund.extensions import db
from crowdfund.pledges.locks import lock_where
from crowdfund.pledges.models import Pledge


def pledge_of_payment(payment_intent_id, metadata=None):
    """The pledge paid by a PaymentIntent, or None.

    By the metadata's pledge id too: the webhook may come before the request
    that created the payment has stored its id; but not a payment of an earlier
    card the donor has since replaced (its attempt is not the pledge's).
    """
    if not payment_intent_id:
        return None
    pledge = lock_where(Pledge, Pledge.payment_intent_id == payment_intent_id)
    if pledge is not None:
        return pledge
    pledge_id = (metadata or {}).get("pledge_id", "")
    if not pledge_id.isdigit():
        return None
    pledge = db.session.get(Pledge, int(pledge_id))
    if pledge is None or pledge.payment_intent_id not in (None, payment_intent_id):
        return None
    if (metadata or {}).get("attempt", "1") != str(pledge.attempt):
        return None
    return pledge


def pledge_of_setup(setup_intent_id):
    return lock_where(Pledge, Pledge.setup_intent_id == setup_intent_id)
