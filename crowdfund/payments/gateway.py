"""The payment processor as the rest of Twiza sees it: one protocol, its results and its errors.

Amounts are integers in minor units and currencies ISO 4217 codes in capitals,
as everywhere in Twiza. Every call that creates something takes an idempotency
key: the same key always gives back the first result (or the first error), so a
retried request never charges twice; the same key with other arguments is refused.

The flows pledges use, which real Stripe and localstripe both accept:
* save a card: `create_setup_intent`, then the browser runs Stripe.js
  `confirmCardSetup(client_secret, ...)`, then `retrieve_setup_intent` gives the
  saved `payment_method`;
* charge it: `create_payment_intent(..., off_session=True, confirm=True)` with
  that payment method. A decline raises `CardDeclined`. When the bank asks for
  3-D Secure the result has status REQUIRES_ACTION (error code
  `authentication_required`): bring the donor back to a page that runs
  `confirmCardPayment(client_secret, {payment_method: ...})`.
"""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

#: Signed webhooks older than this many seconds are refused (replay protection).
WEBHOOK_TOLERANCE_SECONDS = 300

#: Cards that Stripe test mode and localstripe both understand (see the README).
CARD_SUCCEEDS = "4242424242424242"
CARD_DECLINED_AT_CHARGE = "4000000000000341"
CARD_REQUIRES_AUTHENTICATION = "4000002500003155"


class IntentStatus(StrEnum):
    """Where a PaymentIntent or SetupIntent stands (Stripe's own names)."""

    REQUIRES_PAYMENT_METHOD = "requires_payment_method"
    REQUIRES_CONFIRMATION = "requires_confirmation"
    REQUIRES_ACTION = "requires_action"
    PROCESSING = "processing"
    REQUIRES_CAPTURE = "requires_capture"
    CANCELED = "canceled"
    SUCCEEDED = "succeeded"


class RefundStatus(StrEnum):
    PENDING = "pending"
    REQUIRES_ACTION = "requires_action"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


@dataclass(frozen=True)
class Customer:
    id: str


@dataclass(frozen=True)
class SetupIntentResult:
    id: str
    client_secret: str
    status: IntentStatus
    #: The saved card, once the browser has confirmed the SetupIntent.
    payment_method: str | None


@dataclass(frozen=True)
class PaymentIntentResult:
    id: str
    status: IntentStatus
    client_secret: str
    amount: int
    currency: str
    payment_method: str | None
    #: Why the last attempt failed or stopped, e.g. `authentication_required`.
    error_code: str | None = None
    error_message: str | None = None

    @property
    def next_action_needed(self):
        """Whether the donor must come back and authenticate (3-D Secure) for it to go on."""
        return self.status == IntentStatus.REQUIRES_ACTION


@dataclass(frozen=True)
class RefundResult:
    id: str
    status: RefundStatus
    amount: int


@dataclass(frozen=True)
class GatewayEvent:
    """A verified webhook event: `data` is the object it is about, as the processor sent it."""

    id: str
    type: str
    object_id: str
    data: dict = field(hash=False)


class GatewayError(Exception):
    """The processor refused a request or could not be reached."""


class CardDeclined(GatewayError):
    """The card was declined; `code` is Stripe's error code (`card_declined`, ...)."""

    def __init__(self, code, message, decline_code=None, payment_intent_id=None):
        super().__init__(message)
        self.code = code
        self.message = message
        #: The bank's reason where the processor gives one (Stripe does, localstripe not).
        self.decline_code = decline_code
        #: The failed PaymentIntent where the processor names it (Stripe does, localstripe not).
        self.payment_intent_id = payment_intent_id


class RefundExceedsCaptured(GatewayError):
    """The refund asked for more than is left of the payment."""


class IdempotencyConflict(GatewayError):
    """An idempotency key was used again with different arguments."""


class InvalidSignature(GatewayError):
    """A webhook that is not a correctly signed, recent, well-formed event."""


class PaymentGateway(Protocol):
    def create_customer(self, email: str, name: str, idempotency_key: str) -> Customer: ...

    def create_setup_intent(
        self, customer_id: str, idempotency_key: str, metadata: dict[str, str]
    ) -> SetupIntentResult:
        """A SetupIntent saving a card for off-session charges."""

    def retrieve_setup_intent(self, setup_intent_id: str) -> SetupIntentResult: ...

    def create_payment_intent(
        self,
        amount: int,
        currency: str,
        customer_id: str,
        payment_method_id: str,
        idempotency_key: str,
        metadata: dict[str, str],
        off_session: bool,
        confirm: bool,
    ) -> PaymentIntentResult:
        """A PaymentIntent for a card given at creation; raises CardDeclined on a decline."""

    def retrieve_payment_intent(self, payment_intent_id: str) -> PaymentIntentResult: ...

    def refund(
        self, payment_intent_id: str, amount: int, idempotency_key: str, metadata: dict[str, str]
    ) -> RefundResult:
        """Give back `amount` of a payment; raises RefundExceedsCaptured beyond what is left."""

    def construct_event(self, payload: bytes, signature_header: str) -> GatewayEvent:
        """The event in a webhook body, after checking its signature; raises InvalidSignature."""
