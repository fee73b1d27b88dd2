"""Applying webhook events: each event once, handed to the handlers registered for its type.

A domain registers a handler with `@on_event("payment_intent.succeeded")` in a
module that `create_app` imports. A handler receives the GatewayEvent, only
flushes, and must be:
* idempotent: the same change may also arrive by another event or by the API
  result the request already applied (`flask payments reconcile` included);
* independent of order: events come late, out of order or never, so a handler
  moves its object forward only (a `payment_intent.payment_failed` arriving after
  `payment_intent.succeeded` changes nothing) and, when in doubt, asks the
  gateway for the object's current state rather than trusting the event's copy.
Events of a type nobody handles are recorded and acknowledged.
"""

from collections import defaultdict

from crowdfund.extensions import db
from crowdfund.payments.models import ProcessedEvent
from crowdfund.timeutil import utcnow
from crowdfund.transactions import insert_or_nothing

#: event type -> handlers, in registration order.
_handlers = defaultdict(list)


def on_event(*event_types):
    """Register the decorated function as a handler of these event types."""

    def register(handler):
        for event_type in event_types:
            _handlers[event_type].append(handler)
        return handler

    return register


def apply_event(event):
    """Apply a verified event once; False (and nothing done) when it was already applied."""
    # ON CONFLICT DO NOTHING: a duplicate, even one racing in another request, inserts
    # nothing (waiting for that request to end) and leaves the rest of the transaction alone.
    recorded = db.session.execute(
        insert_or_nothing(ProcessedEvent, conflict_on=["event_id"])
        .values(event_id=event.id, type=event.type, processed_at=utcnow())
        .returning(ProcessedEvent.id)
    ).scalar()
    if recorded is None:
        return False
    for handler in _handlers.get(event.type, ()):
        handler(event)
    return True
