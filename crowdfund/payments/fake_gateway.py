"""An in-process PaymentGateway for unit tests: deterministic, offline, Stripe's test cards.

Payment methods carry the names of Stripe's test payment methods:
* `pm_card_visa` (as card 4242 4242 4242 4242) is charged;
* `pm_card_chargeDeclined` (as 4000 0000 0000 0341) is saved, then declined at charge;
* `pm_card_threeDSecure2Required` (as 4000 0025 0000 3155 on localstripe) asks
  for 3-D Secure at every charge.

`confirm_setup_intent` and `complete_authentication` do what the donor's browser
does with Stripe.js. What Stripe would announce by webhook is queued as signed
deliveries (`take_deliveries`), to be posted to the webhook endpoint like real ones.
"""

import hashlib
import hmac
import json
import time
from collections import Counter
from dataclasses import dataclass

from crowdfund.payments.gateway import (
    CARD_DECLINED_AT_CHARGE,
    CARD_REQUIRES_AUTHENTICATION,
    CARD_SUCCEEDS,
    WEBHOOK_TOLERANCE_SECONDS,
    CardDeclined,
    Customer,
    GatewayError,
    IdempotencyConflict,
    IntentStatus,
    InvalidSignature,
    RefundExceedsCaptured,
)
from crowdfund.payments.stripe_objects import (
    AUTHENTICATION_REQUIRED,
    parse_event,
    payment_intent_result,
    refund_result,
    setup_intent_result,
)

PM_SUCCEEDS = "pm_card_visa"
PM_DECLINED_AT_CHARGE = "pm_card_chargeDeclined"
PM_REQUIRES_AUTHENTICATION = "pm_card_threeDSecure2Required"
PAYMENT_METHODS = frozenset({PM_SUCCEEDS, PM_DECLINED_AT_CHARGE, PM_REQUIRES_AUTHENTICATION})
#: The test payment method standing for each test card number.
PAYMENT_METHOD_OF_CARD = {
    CARD_SUCCEEDS: PM_SUCCEEDS,
    CARD_DECLINED_AT_CHARGE: PM_DECLINED_AT_CHARGE,
    CARD_REQUIRES_AUTHENTICATION: PM_REQUIRES_AUTHENTICATION,
}

DECLINED = {
    "code": "card_declined",
    "decline_code": "generic_decline",
    "message": "Your card was declined.",
}
AUTHENTICATION_NEEDED = {
    "code": AUTHENTICATION_REQUIRED,
    "message": "This payment requires the cardholder to authenticate.",
}
AUTHENTICATION_FAILED = {
    "code": "payment_intent_authentication_failure",
    "message": "The provided PaymentMethod has failed authentication.",
}


@dataclass(frozen=True)
class WebhookDelivery:
    """A webhook request as the processor sends it: the raw body and its Stripe-Signature."""

    payload: bytes
    signature: str


def signature_header(payload, secret, timestamp):
    """Stripe's signature scheme: `t=<timestamp>,v1=<HMAC-SHA256 of "<timestamp>.<payload>">`."""
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify_signature(payload, header, secret, now):
    """Check a Stripe-Signature header as Stripe's libraries do; raise InvalidSignature if wrong."""
    parts = [item.partition("=") for item in (header or "").split(",")]
    timestamps = [value for key, _, value in parts if key == "t" and value.isdigit()]
    signatures = [value for key, _, value in parts if key == "v1"]
    if not timestamps or not signatures:
        raise InvalidSignature("No timestamp and v1 signature in the Stripe-Signature header.")
    timestamp = int(timestamps[0])
    expected = signature_header(payload, secret, timestamp).split("v1=", 1)[1]
    if not any(hmac.compare_digest(expected, signature) for signature in signatures):
        raise InvalidSignature("No signature matches the payload.")
    if timestamp < now - WEBHOOK_TOLERANCE_SECONDS:
        raise InvalidSignature("The signature is too old.")


class FakeGateway:
    def __init__(self, webhook_secret):
        self._webhook_secret = webhook_secret
        self._counters = Counter()
        self._customers = set()
        self._setup_intents = {}
        self._payment_intents = {}
        #: payment intent id -> amount refunded
        self._refunded = Counter()
        #: idempotency key -> (the call, its result or CardDeclined)
        self._first_outcomes = {}
        self._deliveries = []

    # The gateway.

    def create_customer(self, email, name, idempotency_key):
        def create():
            customer = Customer(id=self._new_id("cus"))
            self._customers.add(customer.id)
            return customer

        return self._once(idempotency_key, ("customer", email, name), create)

    def create_setup_intent(self, customer_id, idempotency_key, metadata):
        def create():
            self._check_customer(customer_id)
            setup_intent_id = self._new_id("seti")
            self._setup_intents[setup_intent_id] = {
                "id": setup_intent_id,
                "object": "setup_intent",
                "client_secret": f"{setup_intent_id}_secret_fake",
                "customer": customer_id,
                "usage": "off_session",
                "metadata": dict(metadata),
                "payment_method": None,
                "status": IntentStatus.REQUIRES_PAYMENT_METHOD.value,
            }
            return setup_intent_result(self._setup_intents[setup_intent_id])

        call = ("setup_intent", customer_id, sorted(metadata.items()))
        return self._once(idempotency_key, call, create)

    def retrieve_setup_intent(self, setup_intent_id):
        return setup_intent_result(self._setup_intent(setup_intent_id))

    def create_payment_intent(
        self,
        amount,
        currency,
        customer_id,
        payment_method_id,
        idempotency_key,
        metadata,
        off_session,
        confirm,
    ):
        def create():
            if not isinstance(amount, int) or amount <= 0:
                raise GatewayError("The amount must be a positive integer.")
            self._check_customer(customer_id)
            self._check_payment_method(payment_method_id)
            payment_intent_id = self._new_id("pi")
            payment_intent = {
                "id": payment_intent_id,
                "object": "payment_intent",
                "client_secret": f"{payment_intent_id}_secret_fake",
                "amount": amount,
                "currency": currency.lower(),
                "customer": customer_id,
                "payment_method": payment_method_id,
                "metadata": dict(metadata),
                "status": IntentStatus.REQUIRES_CONFIRMATION.value,
                "last_payment_error": None,
                "latest_charge": None,
            }
            self._payment_intents[payment_intent_id] = payment_intent
            if confirm:
                self._confirm(payment_intent, off_session)
            return payment_intent_result(payment_intent)

        call = (
            "payment_intent",
            amount,
            currency,
            customer_id,
            payment_method_id,
            sorted(metadata.items()),
            off_session,
            confirm,
        )
        return self._once(idempotency_key, call, create)

    def retrieve_payment_intent(self, payment_intent_id):
        return payment_intent_result(self._payment_intent(payment_intent_id))

    def refund(self, payment_intent_id, amount, idempotency_key, metadata):
        def create():
            payment_intent = self._payment_intent(payment_intent_id)
            if payment_intent["status"] != IntentStatus.SUCCEEDED:
                raise GatewayError("Only a payment that succeeded can be refunded.")
            if not isinstance(amount, int) or amount <= 0:
                raise GatewayError("The amount must be a positive integer.")
            left = payment_intent["amount"] - self._refunded[payment_intent_id]
            if amount > left:
                raise RefundExceedsCaptured(
                    f"Refund amount ({amount}) is greater than unrefunded amount ({left})."
                )
            self._refunded[payment_intent_id] += amount
            charge = _charge_object(payment_intent, self._refunded[payment_intent_id])
            self._announce("charge.refunded", charge)
            refund = {"id": self._new_id("re"), "status": "succeeded", "amount": amount}
            return refund_result(refund)

        call = ("refund", payment_intent_id, amount, sorted(metadata.items()))
        return self._once(idempotency_key, call, create)

    def construct_event(self, payload, signature_header):
        verify_signature(payload, signature_header, self._webhook_secret, time.time())
        return parse_event(payload)

    # What the donor's browser does with Stripe.js.

    def confirm_setup_intent(self, setup_intent_id, payment_method_id, authenticate=True):
        """`confirmCardSetup`: save the card, passing 3-D Secure when asked unless told not to."""
        self._check_payment_method(payment_method_id)
        setup_intent = self._setup_intent(setup_intent_id)
        if payment_method_id == PM_REQUIRES_AUTHENTICATION and not authenticate:
            setup_intent["last_setup_error"] = AUTHENTICATION_FAILED
        else:
            setup_intent.update(
                payment_method=payment_method_id,
                status=IntentStatus.SUCCEEDED.value,
                last_setup_error=None,
            )
            self._announce("setup_intent.succeeded", setup_intent)
        return setup_intent_result(setup_intent)

    def complete_authentication(self, payment_intent_id, success=True):
        """`confirmCardPayment` on a payment waiting for 3-D Secure: the donor passes or fails."""
        payment_intent = self._payment_intent(payment_intent_id)
        if not payment_intent_result(payment_intent).next_action_needed:
            raise GatewayError("This payment is not waiting for authentication.")
        if success:
            self._charge(payment_intent)
        else:
            payment_intent.update(
                status=IntentStatus.REQUIRES_PAYMENT_METHOD.value,
                payment_method=None,
                last_payment_error=AUTHENTICATION_FAILED,
            )
            self._announce("payment_intent.payment_failed", payment_intent)
        return payment_intent_result(payment_intent)

    # Webhooks.

    def signed_event(self, event_type, data_object, event_id=None, timestamp=None):
        """A webhook delivery of any event, signed with the webhook secret."""
        timestamp = int(time.time()) if timestamp is None else timestamp
        event = {
            "id": event_id or self._new_id("evt"),
            "object": "event",
            "type": event_type,
            "created": timestamp,
            "livemode": False,
            "data": {"object": data_object},
        }
        payload = json.dumps(event, sort_keys=True).encode()
        return WebhookDelivery(
            payload=payload, signature=signature_header(payload, self._webhook_secret, timestamp)
        )

    def take_deliveries(self):
        """The webhooks announced since the last call, oldest first."""
        deliveries, self._deliveries = self._deliveries, []
        return deliveries

    # Inside.

    def _once(self, idempotency_key, call, create):
        if idempotency_key in self._first_outcomes:
            first_call, outcome = self._first_outcomes[idempotency_key]
            if first_call != call:
                raise IdempotencyConflict(f"Key {idempotency_key!r} was used for another request.")
            if isinstance(outcome, CardDeclined):
                raise outcome
            return outcome
        try:
            outcome = create()
        except CardDeclined as declined:
            # A decline happened at the processor: Stripe answers it again for the same key.
            self._first_outcomes[idempotency_key] = (call, declined)
            raise
        self._first_outcomes[idempotency_key] = (call, outcome)
        return outcome

    def _confirm(self, payment_intent, off_session):
        payment_method = payment_intent["payment_method"]
        if payment_method == PM_SUCCEEDS:
            self._charge(payment_intent)
        elif payment_method == PM_DECLINED_AT_CHARGE:
            payment_intent.update(
                status=IntentStatus.REQUIRES_PAYMENT_METHOD.value, last_payment_error=DECLINED
            )
            self._announce("payment_intent.payment_failed", payment_intent)
            raise CardDeclined(
                code=DECLINED["code"],
                message=DECLINED["message"],
                decline_code=DECLINED["decline_code"],
                payment_intent_id=payment_intent["id"],
            )
        elif off_session:
            payment_intent.update(
                status=IntentStatus.REQUIRES_ACTION.value, last_payment_error=AUTHENTICATION_NEEDED
            )
            self._announce("payment_intent.payment_failed", payment_intent)
        else:
            payment_intent["status"] = IntentStatus.REQUIRES_ACTION.value

    def _charge(self, payment_intent):
        payment_intent.update(
            status=IntentStatus.SUCCEEDED.value,
            last_payment_error=None,
            latest_charge=self._new_id("ch"),
        )
        self._announce("payment_intent.succeeded", payment_intent)

    def _announce(self, event_type, data_object):
        self._deliveries.append(self.signed_event(event_type, data_object))

    def _new_id(self, prefix):
        self._counters[prefix] += 1
        return f"{prefix}_fake_{self._counters[prefix]:04d}"

    def _check_customer(self, customer_id):
        if customer_id not in self._customers:
            raise GatewayError(f"No such customer: {customer_id!r}")

    def _check_payment_method(self, payment_method_id):
        if payment_method_id not in PAYMENT_METHODS:
            raise GatewayError(f"No such PaymentMethod: {payment_method_id!r}")

    def _setup_intent(self, setup_intent_id):
        try:
            return self._setup_intents[setup_intent_id]
        except KeyError:
            raise GatewayError(f"No such setup intent: {setup_intent_id!r}") from None

    def _payment_intent(self, payment_intent_id):
        try:
            return self._payment_intents[payment_intent_id]
        except KeyError:
            raise GatewayError(f"No such payment intent: {payment_intent_id!r}") from None


def _charge_object(payment_intent, amount_refunded):
    """The charge of a payment, as a `charge.*` event shows it."""
    return {
        "id": payment_intent["latest_charge"],
        "object": "charge",
        "payment_intent": payment_intent["id"],
        "amount": payment_intent["amount"],
        "amount_refunded": amount_refunded,
        "currency": payment_intent["currency"],
        "refunded": amount_refunded == payment_intent["amount"],
    }
