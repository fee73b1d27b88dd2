"""apply_event: each event once, to the handlers of its type, leaving the transaction usable."""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.payments.gateway import GatewayEvent
from crowdfund.payments.models import ProcessedEvent
from crowdfund.payments.services import apply_event, on_event


def event(event_id, event_type="payment_intent.succeeded"):
    return GatewayEvent(id=event_id, type=event_type, object_id="pi_1", data={"id": "pi_1"})


def test_an_event_is_applied_once(handled):
    assert apply_event(event("evt_1")) is True
    assert apply_event(event("evt_1")) is False
    assert [received.id for received in handled] == ["evt_1"]


def test_a_duplicate_leaves_the_rest_of_the_transaction_usable(handled):
    apply_event(event("evt_1"))
    apply_event(event("evt_2"))

    assert apply_event(event("evt_1")) is False

    db.session.flush()
    assert db.session.scalars(sa.select(ProcessedEvent.event_id)).all() == ["evt_1", "evt_2"]


def test_a_duplicate_recorded_by_another_request_is_not_applied(handled):
    # As when two deliveries race: the other one's row is there before ours.
    db.session.execute(
        sa.insert(ProcessedEvent).values(event_id="evt_1", type="payment_intent.succeeded")
    )
    assert apply_event(event("evt_1")) is False
    assert handled == []


def test_handlers_receive_the_events_of_their_types_in_the_order_registered(registry):
    calls = []
    on_event("payment_intent.succeeded")(lambda e: calls.append(("first", e.id)))
    on_event("payment_intent.succeeded", "charge.refunded")(
        lambda e: calls.append(("second", e.id))
    )

    apply_event(event("evt_1"))
    apply_event(event("evt_2", "charge.refunded"))

    assert calls == [("first", "evt_1"), ("second", "evt_1"), ("second", "evt_2")]


def test_an_event_nobody_handles_is_recorded(registry):
    assert apply_event(event("evt_1", "customer.created")) is True
    recorded = db.session.scalars(sa.select(ProcessedEvent)).one()
    assert (recorded.event_id, recorded.type) == ("evt_1", "customer.created")
    assert recorded.processed_at is not None
