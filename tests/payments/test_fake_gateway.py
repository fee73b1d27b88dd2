"""What FakeGateway does beyond the contract: announce events as Stripe would, deterministically."""

import json

import pytest

from crowdfund.payments.fake_gateway import (
    PM_DECLINED_AT_CHARGE,
    PM_REQUIRES_AUTHENTICATION,
    PM_SUCCEEDS,
    FakeGateway,
)
from crowdfund.payments.gateway import CardDeclined, GatewayError


def charge(fake, payment_method, key):
    donor = fake.create_customer("amina@example.org", "Amina", f"customer-{key}")
    return fake.create_payment_intent(
        amount=100_00,
        currency="MAD",
        customer_id=donor.id,
        payment_method_id=payment_method,
        idempotency_key=key,
        metadata={},
        off_session=True,
        confirm=True,
    )


def announced(fake):
    return [json.loads(delivery.payload)["type"] for delivery in fake.take_deliveries()]


def test_the_fake_announces_what_stripe_would():
    fake = FakeGateway(webhook_secret="whsec_test")
    donor = fake.create_customer("amina@example.org", "Amina", "customer")
    setup_intent = fake.create_setup_intent(donor.id, "setup", {})
    fake.confirm_setup_intent(setup_intent.id, PM_SUCCEEDS)
    payment = charge(fake, PM_SUCCEEDS, "paid")
    fake.refund(payment.id, 10_00, "refund", {})
    with pytest.raises(CardDeclined):
        charge(fake, PM_DECLINED_AT_CHARGE, "declined")
    charge(fake, PM_REQUIRES_AUTHENTICATION, "needs-3ds")

    assert announced(fake) == [
        "setup_intent.succeeded",
        "payment_intent.succeeded",
        "charge.refunded",
        "payment_intent.payment_failed",
        "payment_intent.payment_failed",
    ]
    assert announced(fake) == []


def test_what_the_fake_announces_it_accepts_as_signed():
    fake = FakeGateway(webhook_secret="whsec_test")
    payment = charge(fake, PM_SUCCEEDS, "paid")
    [delivery] = fake.take_deliveries()

    event = fake.construct_event(delivery.payload, delivery.signature)

    assert (event.type, event.object_id, event.data["amount"]) == (
        "payment_intent.succeeded",
        payment.id,
        100_00,
    )


def test_two_fakes_given_the_same_calls_give_the_same_ids():
    first, second = FakeGateway("whsec_test"), FakeGateway("whsec_test")
    assert charge(first, PM_SUCCEEDS, "k") == charge(second, PM_SUCCEEDS, "k")


def test_a_declined_charge_names_its_payment_intent_as_stripe_does():
    fake = FakeGateway(webhook_secret="whsec_test")
    with pytest.raises(CardDeclined) as declined:
        charge(fake, PM_DECLINED_AT_CHARGE, "declined")
    failed = fake.retrieve_payment_intent(declined.value.payment_intent_id)
    assert failed.error_code == "card_declined"
    assert declined.value.decline_code == "generic_decline"


def test_only_a_payment_waiting_for_the_donor_can_be_authenticated():
    fake = FakeGateway(webhook_secret="whsec_test")
    payment = charge(fake, PM_SUCCEEDS, "paid")
    with pytest.raises(GatewayError):
        fake.complete_authentication(payment.id)


def test_an_unknown_payment_method_is_a_gateway_error():
    fake = FakeGateway(webhook_secret="whsec_test")
    with pytest.raises(GatewayError):
        charge(fake, "pm_card_unknown", "unknown")
