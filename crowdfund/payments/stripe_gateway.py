"""The PaymentGateway on Stripe's API (the only module that imports `stripe`).

The same class serves real Stripe (test or live mode) and localstripe: only the
API base URL differs. Where the two answer differently, results are made alike:
* an off-session charge that needs 3-D Secure is a card error
  (`authentication_required`, PaymentIntent left `requires_payment_method`) on
  Stripe, and a `requires_action` PaymentIntent on localstripe: both come back
  as REQUIRES_ACTION with error code `authentication_required`;
* currencies come back in capitals, as Twiza writes them.
"""

from contextlib import contextmanager
from dataclasses import replace

import stripe

from crowdfund.payments.gateway import (
    WEBHOOK_TOLERANCE_SECONDS,
    CardDeclined,
    Customer,
    GatewayError,
    IdempotencyConflict,
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

LIVE_KEY_PREFIXES = ("sk_live_", "rk_live_")
#: Stripe's codes for a refund beyond what is left of the charge.
REFUND_TOO_LARGE_CODES = frozenset({"amount_too_large", "charge_already_refunded"})
#: Network failures are retried; idempotency keys make the retries safe.
NETWORK_RETRIES = 2


class StripeGateway:
    def __init__(self, secret_key, webhook_secret, api_base, allow_live_keys=False):
        if not secret_key:
            raise RuntimeError("STRIPE_SECRET_KEY is not set.")
        if secret_key.startswith(LIVE_KEY_PREFIXES) and not allow_live_keys:
            raise RuntimeError(
                "A live Stripe key is configured but live keys are not allowed here "
                "(only production may allow them, with STRIPE_ALLOW_LIVE_KEYS)."
            )
        self._webhook_secret = webhook_secret
        self._client = stripe.StripeClient(
            secret_key,
            base_addresses={"api": api_base},
            max_network_retries=NETWORK_RETRIES,
        )

    @classmethod
    def from_config(cls, config):
        return cls(
            secret_key=config["STRIPE_SECRET_KEY"],
            webhook_secret=config["STRIPE_WEBHOOK_SECRET"],
            api_base=config["STRIPE_API_BASE"],
            allow_live_keys=config["STRIPE_ALLOW_LIVE_KEYS"],
        )

    def create_customer(self, email, name, idempotency_key):
        with _translated_errors():
            customer = self._client.v1.customers.create(
                params={"email": email, "name": name},
                options={"idempotency_key": idempotency_key},
            )
        return Customer(id=customer.id)

    def create_setup_intent(self, customer_id, idempotency_key, metadata):
        with _translated_errors():
            setup_intent = self._client.v1.setup_intents.create(
                params={
                    "customer": customer_id,
                    "usage": "off_session",
                    "payment_method_types": ["card"],
                    "metadata": metadata,
                },
                options={"idempotency_key": idempotency_key},
            )
        return setup_intent_result(setup_intent.to_dict())

    def retrieve_setup_intent(self, setup_intent_id):
        with _translated_errors():
            setup_intent = self._client.v1.setup_intents.retrieve(setup_intent_id)
        return setup_intent_result(setup_intent.to_dict())

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
        params = {
            "amount": amount,
            "currency": currency.lower(),
            "customer": customer_id,
            "payment_method": payment_method_id,
            # Cards only: no redirect-based method, so no return_url is needed.
            "payment_method_types": ["card"],
            "metadata": metadata,
            "confirm": confirm,
        }
        if confirm:
            params["off_session"] = off_session
        with _translated_errors():
            try:
                payment_intent = self._client.v1.payment_intents.create(
                    params=params, options={"idempotency_key": idempotency_key}
                ).to_dict()
            except stripe.CardError as error:
                payment_intent = _payment_intent_needing_authentication(error)
                if payment_intent is None:
                    raise
        result = payment_intent_result(payment_intent)
        if off_session and result.next_action_needed and result.error_code is None:
            # localstripe's way of saying what Stripe says with a card error.
            return replace(result, error_code=AUTHENTICATION_REQUIRED)
        return result

    def retrieve_payment_intent(self, payment_intent_id):
        with _translated_errors():
            payment_intent = self._client.v1.payment_intents.retrieve(payment_intent_id)
        return payment_intent_result(payment_intent.to_dict())

    def refund(self, payment_intent_id, amount, idempotency_key, metadata):
        with _translated_errors():
            try:
                refund = self._client.v1.refunds.create(
                    params={
                        "payment_intent": payment_intent_id,
                        "amount": amount,
                        "metadata": metadata,
                    },
                    options={"idempotency_key": idempotency_key},
                )
            except stripe.InvalidRequestError as error:
                if error.code in REFUND_TOO_LARGE_CODES:
                    raise RefundExceedsCaptured(error.user_message) from error
                raise
        return refund_result(refund.to_dict())

    def construct_event(self, payload, signature_header):
        try:
            stripe.WebhookSignature.verify_header(
                payload, signature_header, self._webhook_secret, WEBHOOK_TOLERANCE_SECONDS
            )
        except (stripe.SignatureVerificationError, UnicodeDecodeError) as error:
            raise InvalidSignature(str(error)) from error
        return parse_event(payload)


@contextmanager
def _translated_errors():
    """Turn the SDK's exceptions into the gateway's own."""
    try:
        yield
    except stripe.CardError as error:
        details = error.error.to_dict() if error.error else {}
        payment_intent = details.get("payment_intent")
        raise CardDeclined(
            code=error.code,
            message=error.user_message,
            decline_code=details.get("decline_code"),
            payment_intent_id=payment_intent["id"] if payment_intent else None,
        ) from error
    except stripe.IdempotencyError as error:
        raise IdempotencyConflict(error.user_message) from error
    except stripe.StripeError as error:
        raise GatewayError(error.user_message or str(error)) from error


def _payment_intent_needing_authentication(card_error):
    """The PaymentIntent of Stripe's card error for an off-session charge needing 3-D Secure."""
    if card_error.code != AUTHENTICATION_REQUIRED or not card_error.error:
        return None
    return card_error.error.to_dict().get("payment_intent")
