"""Stripe's JSON objects, from its API or its webhooks, read into the gateway's results.

StripeGateway reads what Stripe (or localstripe) answers; FakeGateway keeps its
objects in the same shapes, so both read them here.
"""

import json

from crowdfund.payments.gateway import (
    GatewayEvent,
    IntentStatus,
    InvalidSignature,
    PaymentIntentResult,
    RefundResult,
    RefundStatus,
    SetupIntentResult,
)

#: The error code of a charge that needs the donor to authenticate (3-D Secure).
AUTHENTICATION_REQUIRED = "authentication_required"


def setup_intent_result(setup_intent):
    return SetupIntentResult(
        id=setup_intent["id"],
        client_secret=setup_intent["client_secret"],
        status=IntentStatus(setup_intent["status"]),
        payment_method=_id_of(setup_intent.get("payment_method")),
    )


def payment_intent_result(payment_intent):
    error = payment_intent.get("last_payment_error") or {}
    status = IntentStatus(payment_intent["status"])
    if error.get("code") == AUTHENTICATION_REQUIRED:
        # Stripe leaves it requires_payment_method; the donor confirms it again in the browser.
        status = IntentStatus.REQUIRES_ACTION
    return PaymentIntentResult(
        id=payment_intent["id"],
        status=status,
        client_secret=payment_intent["client_secret"],
        amount=payment_intent["amount"],
        currency=payment_intent["currency"].upper(),
        payment_method=_id_of(payment_intent.get("payment_method")),
        error_code=error.get("code"),
        error_message=error.get("message"),
    )


def refund_result(refund):
    return RefundResult(
        id=refund["id"], status=RefundStatus(refund["status"]), amount=refund["amount"]
    )


def parse_event(payload):
    """The event in a webhook body whose signature has been checked."""
    try:
        body = json.loads(payload)
        event_id, event_type, data = body["id"], body["type"], body["data"]["object"]
        object_id = data["id"]
    except (ValueError, KeyError, TypeError) as error:
        raise InvalidSignature("The payload is not an event.") from error
    if not all(isinstance(value, str) for value in (event_id, event_type, object_id)):
        raise InvalidSignature("The payload is not an event.")
    return GatewayEvent(id=event_id, type=event_type, object_id=object_id, data=data)


def _id_of(value):
    """The id in a field that holds an id, or an expanded object (localstripe expands some)."""
    if isinstance(value, dict):
        return value["id"]
    return value
