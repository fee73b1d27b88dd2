"""POST /webhooks/stripe: a correctly signed event is applied once; anything else gets 400."""

import time

import pytest
import sqlalchemy as sa

from config import TestConfig
from crowdfund import create_app
from crowdfund.extensions import db
from crowdfund.payments.fake_gateway import PM_SUCCEEDS, WebhookDelivery, signature_header
from crowdfund.payments.models import ProcessedEvent


def post(client, delivery):
    return client.post(
        "/webhooks/stripe",
        data=delivery.payload,
        headers={"Stripe-Signature": delivery.signature},
        content_type="application/json",
    )


def recorded_events():
    return db.session.scalars(sa.select(ProcessedEvent.event_id)).all()


def a_payment(gateway):
    donor = gateway.create_customer("amina@example.org", "Amina", "customer-1")
    return gateway.create_payment_intent(
        amount=100_00,
        currency="EUR",
        customer_id=donor.id,
        payment_method_id=PM_SUCCEEDS,
        idempotency_key="pledge-1",
        metadata={"pledge": "1"},
        off_session=True,
        confirm=True,
    )


def test_an_event_from_the_processor_is_applied_and_acknowledged(client, gateway, handled):
    payment = a_payment(gateway)
    [delivery] = gateway.take_deliveries()

    response = post(client, delivery)

    assert response.status_code == 200
    assert response.json["duplicate"] is False
    assert [(event.type, event.object_id) for event in handled] == [
        ("payment_intent.succeeded", payment.id)
    ]
    assert recorded_events() == [response.json["received"]]


def test_a_duplicate_delivery_is_acknowledged_and_changes_nothing(client, gateway, handled):
    a_payment(gateway)
    [delivery] = gateway.take_deliveries()
    post(client, delivery)

    again = post(client, delivery)

    assert again.status_code == 200
    assert again.json["duplicate"] is True
    assert len(handled) == 1
    assert len(recorded_events()) == 1


def test_an_event_of_a_type_nobody_handles_is_recorded_and_acknowledged(client, gateway, handled):
    delivery = gateway.signed_event("customer.created", {"id": "cus_1", "object": "customer"})

    response = post(client, delivery)

    assert response.status_code == 200
    assert handled == []
    assert db.session.scalars(sa.select(ProcessedEvent.type)).all() == ["customer.created"]


def _tampered(gateway):
    delivery = gateway.signed_event("payment_intent.succeeded", {"id": "pi_1", "amount": 100})
    return WebhookDelivery(delivery.payload.replace(b"100", b"999"), delivery.signature)


def _too_old(gateway):
    return gateway.signed_event("payment_intent.succeeded", {"id": "pi_1"}, timestamp=1)


def _unsigned(gateway):
    return WebhookDelivery(
        gateway.signed_event("payment_intent.succeeded", {"id": "pi_1"}).payload, ""
    )


def _not_an_event(gateway):
    payload = b'{"hello": "world"}'
    signature = signature_header(payload, TestConfig.STRIPE_WEBHOOK_SECRET, int(time.time()))
    return WebhookDelivery(payload, signature)


@pytest.mark.parametrize("make_delivery", [_tampered, _too_old, _unsigned, _not_an_event])
def test_a_delivery_not_signed_as_it_should_be_gets_400_and_writes_nothing(
    client, gateway, handled, make_delivery
):
    response = post(client, make_delivery(gateway))

    assert response.status_code == 400
    assert handled == []
    assert recorded_events() == []


def test_a_failing_handler_records_nothing_so_the_delivery_is_tried_again(
    client, gateway, registry
):
    from crowdfund.payments.services import on_event

    @on_event("payment_intent.succeeded")
    def broken(event):
        raise RuntimeError("handler failed")

    a_payment(gateway)
    [delivery] = gateway.take_deliveries()

    with pytest.raises(RuntimeError):
        post(client, delivery)
    assert recorded_events() == []


def test_the_webhook_needs_no_csrf_token(tmp_path):
    class CsrfConfig(TestConfig):
        WTF_CSRF_ENABLED = True
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'csrf.sqlite3'}"
        UPLOAD_DIR = tmp_path

    client = create_app(CsrfConfig).test_client()
    response = client.post("/webhooks/stripe", data=b"{}", headers={"Stripe-Signature": "t=1,v1=0"})

    # Refused by the signature check, not by CSRF protection.
    assert response.status_code == 400
    assert response.json == {"error": "invalid signature or payload"}
