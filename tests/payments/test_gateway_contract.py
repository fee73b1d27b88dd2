"""What every PaymentGateway does: FakeGateway, and StripeGateway on a real localstripe server.

Where real Stripe and localstripe differ, the contract holds what they share
(see crowdfund/payments/stripe_gateway.py and scripts/localstripe_server.py).
"""

import json
import time
from itertools import count

import pytest

from crowdfund.payments.fake_gateway import signature_header
from crowdfund.payments.gateway import (
    CARD_DECLINED_AT_CHARGE,
    CARD_REQUIRES_AUTHENTICATION,
    CARD_SUCCEEDS,
    CardDeclined,
    GatewayError,
    IdempotencyConflict,
    IntentStatus,
    InvalidSignature,
    RefundExceedsCaptured,
    RefundStatus,
)
from tests.payments.conftest import WEBHOOK_SECRET

_keys = count()


def key(purpose):
    """An idempotency key never used before (localstripe lives for the whole session)."""
    return f"{purpose}-{time.time_ns()}-{next(_keys)}"


def customer(backend):
    return backend.gateway.create_customer("amina@example.org", "Amina", key("customer"))


def saved_card(backend, card_number):
    """(customer id, payment method id) of a card saved for off-session charges."""
    donor = customer(backend)
    setup_intent = backend.gateway.create_setup_intent(donor.id, key("setup"), {"pledge": "1"})
    payment_method = backend.payment_method(card_number)
    backend.confirm_card_setup(setup_intent, payment_method)
    return donor.id, payment_method


def charge(backend, customer_id, payment_method, idempotency_key=None, off_session=True):
    return backend.gateway.create_payment_intent(
        amount=50_00,
        currency="EUR",
        customer_id=customer_id,
        payment_method_id=payment_method,
        idempotency_key=idempotency_key or key("charge"),
        metadata={"pledge": "42"},
        off_session=off_session,
        confirm=True,
    )


def paid(backend):
    return charge(backend, *saved_card(backend, CARD_SUCCEEDS))


def test_a_customer_is_created_once_per_idempotency_key(backend):
    same_key = key("customer")
    first = backend.gateway.create_customer("amina@example.org", "Amina", same_key)
    again = backend.gateway.create_customer("amina@example.org", "Amina", same_key)
    other = backend.gateway.create_customer("amina@example.org", "Amina", key("customer"))
    assert first == again
    assert other.id != first.id


def test_a_key_used_again_with_other_arguments_is_refused(backend):
    same_key = key("customer")
    backend.gateway.create_customer("amina@example.org", "Amina", same_key)
    with pytest.raises(IdempotencyConflict):
        backend.gateway.create_customer("youssef@example.org", "Youssef", same_key)


def test_a_setup_intent_saves_a_card_for_off_session_charges(backend):
    donor = customer(backend)
    setup_intent = backend.gateway.create_setup_intent(donor.id, key("setup"), {"pledge": "1"})
    assert setup_intent.status == IntentStatus.REQUIRES_PAYMENT_METHOD
    assert setup_intent.client_secret.startswith(setup_intent.id)
    assert setup_intent.payment_method is None

    payment_method = backend.payment_method(CARD_SUCCEEDS)
    backend.confirm_card_setup(setup_intent, payment_method)

    saved = backend.gateway.retrieve_setup_intent(setup_intent.id)
    assert saved.status == IntentStatus.SUCCEEDED
    assert saved.payment_method == payment_method


def test_a_card_asking_for_3d_secure_is_saved_once_authenticated(backend):
    donor = customer(backend)
    setup_intent = backend.gateway.create_setup_intent(donor.id, key("setup"), {})
    payment_method = backend.payment_method(CARD_REQUIRES_AUTHENTICATION)
    backend.confirm_card_setup(setup_intent, payment_method)
    assert backend.gateway.retrieve_setup_intent(setup_intent.id).status == IntentStatus.SUCCEEDED


def test_a_setup_intent_is_created_once_per_idempotency_key(backend):
    donor = customer(backend)
    same_key = key("setup")
    first = backend.gateway.create_setup_intent(donor.id, same_key, {"pledge": "1"})
    assert backend.gateway.create_setup_intent(donor.id, same_key, {"pledge": "1"}) == first


def test_an_off_session_charge_of_a_saved_card_succeeds(backend):
    payment = paid(backend)
    assert payment.status == IntentStatus.SUCCEEDED
    assert not payment.next_action_needed
    assert (payment.amount, payment.currency) == (50_00, "EUR")
    assert payment.error_code is None
    assert backend.gateway.retrieve_payment_intent(payment.id) == payment


def test_a_payment_intent_is_created_once_per_idempotency_key(backend):
    customer_id, payment_method = saved_card(backend, CARD_SUCCEEDS)
    same_key = key("charge")
    first = charge(backend, customer_id, payment_method, same_key)
    assert charge(backend, customer_id, payment_method, same_key) == first


def test_a_card_declined_at_charge_raises_card_declined(backend):
    customer_id, payment_method = saved_card(backend, CARD_DECLINED_AT_CHARGE)
    with pytest.raises(CardDeclined) as declined:
        charge(backend, customer_id, payment_method)
    assert declined.value.code == "card_declined"
    assert declined.value.message


def test_a_declined_charge_is_declined_again_for_the_same_key(backend):
    customer_id, payment_method = saved_card(backend, CARD_DECLINED_AT_CHARGE)
    same_key = key("charge")
    with pytest.raises(CardDeclined):
        charge(backend, customer_id, payment_method, same_key)
    with pytest.raises(CardDeclined):
        charge(backend, customer_id, payment_method, same_key)


def test_an_on_session_charge_needing_3d_secure_waits_for_the_donor(backend):
    donor = customer(backend)
    payment = charge(
        backend, donor.id, backend.payment_method(CARD_REQUIRES_AUTHENTICATION), off_session=False
    )
    assert payment.status == IntentStatus.REQUIRES_ACTION
    assert payment.next_action_needed

    backend.confirm_card_payment(payment)
    assert backend.gateway.retrieve_payment_intent(payment.id).status == IntentStatus.SUCCEEDED


def test_an_off_session_charge_needing_3d_secure_fails_with_authentication_required(backend):
    # Charged off-session without having been set up with 3-D Secure: Stripe and
    # localstripe both ask for the donor, who completes it as an on-session payment.
    donor = customer(backend)
    payment = charge(backend, donor.id, backend.payment_method(CARD_REQUIRES_AUTHENTICATION))
    assert payment.error_code == "authentication_required"
    assert payment.next_action_needed

    backend.confirm_card_payment(payment)
    assert backend.gateway.retrieve_payment_intent(payment.id).status == IntentStatus.SUCCEEDED


def test_a_failed_authentication_leaves_the_payment_unpaid(backend):
    donor = customer(backend)
    payment = charge(backend, donor.id, backend.payment_method(CARD_REQUIRES_AUTHENTICATION))
    backend.confirm_card_payment(payment, success=False)

    after = backend.gateway.retrieve_payment_intent(payment.id)
    assert after.status == IntentStatus.REQUIRES_PAYMENT_METHOD
    assert after.error_code == "payment_intent_authentication_failure"


def test_an_unknown_payment_intent_is_a_gateway_error(backend):
    with pytest.raises(GatewayError):
        backend.gateway.retrieve_payment_intent("pi_unknown")


def test_refunds_partial_then_the_rest_then_nothing_more(backend):
    payment = paid(backend)
    part = backend.gateway.refund(payment.id, 20_00, key("refund"), {"reason": "duplicate"})
    assert (part.status, part.amount) == (RefundStatus.SUCCEEDED, 20_00)

    rest = backend.gateway.refund(payment.id, 30_00, key("refund"), {})
    assert (rest.status, rest.amount) == (RefundStatus.SUCCEEDED, 30_00)

    with pytest.raises(RefundExceedsCaptured):
        backend.gateway.refund(payment.id, 1, key("refund"), {})


def test_a_refund_larger_than_the_payment_is_refused(backend):
    payment = paid(backend)
    with pytest.raises(RefundExceedsCaptured):
        backend.gateway.refund(payment.id, 50_01, key("refund"), {})
    full = backend.gateway.refund(payment.id, 50_00, key("refund"), {})
    assert full.amount == 50_00


def test_a_refund_is_made_once_per_idempotency_key(backend):
    payment = paid(backend)
    same_key = key("refund")
    first = backend.gateway.refund(payment.id, 20_00, same_key, {})
    assert backend.gateway.refund(payment.id, 20_00, same_key, {}) == first
    # Refunded once only: the remaining 30.00 can still be given back.
    assert backend.gateway.refund(payment.id, 30_00, key("refund"), {}).amount == 30_00


def event_payload(event_id="evt_contract_1"):
    event = {
        "id": event_id,
        "object": "event",
        "type": "payment_intent.succeeded",
        "created": int(time.time()),
        "data": {"object": {"id": "pi_contract_1", "object": "payment_intent", "amount": 5000}},
    }
    return json.dumps(event).encode()


def test_a_correctly_signed_event_is_accepted(backend):
    payload = event_payload()
    event = backend.gateway.construct_event(
        payload, signature_header(payload, WEBHOOK_SECRET, int(time.time()))
    )
    assert (event.id, event.type, event.object_id) == (
        "evt_contract_1",
        "payment_intent.succeeded",
        "pi_contract_1",
    )
    assert event.data["amount"] == 5000


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(
            lambda p: signature_header(p + b" ", WEBHOOK_SECRET, int(time.time())), id="tampered"
        ),
        pytest.param(
            lambda p: signature_header(p, "whsec_other", int(time.time())), id="other-secret"
        ),
        pytest.param(
            lambda p: signature_header(p, WEBHOOK_SECRET, int(time.time()) - 301), id="too-old"
        ),
        pytest.param(lambda p: "", id="missing"),
        pytest.param(lambda p: "t=1,v0=abc", id="garbled"),
    ],
)
def test_an_event_not_signed_as_it_should_be_is_refused(backend, signature):
    payload = event_payload()
    with pytest.raises(InvalidSignature):
        backend.gateway.construct_event(payload, signature(payload))


@pytest.mark.parametrize("payload", [b"not json", b'{"id": "evt_1"}', b"[]", b"\xff\xfe"])
def test_a_signed_body_that_is_not_an_event_is_refused(backend, payload):
    with pytest.raises(InvalidSignature):
        backend.gateway.construct_event(
            payload, signature_header(payload, WEBHOOK_SECRET, int(time.time()))
        )
