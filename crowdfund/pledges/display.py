"""What the pledge pages tell a donor: their currency, and why a payment did not go through."""

from babel.numbers import get_territory_currencies
from flask import current_app
from flask_babel import lazy_gettext as _l

from crowdfund.pledges.models import PledgeState

#: Processor error codes, in words a donor understands (the processor's own text is English).
_DECLINES = {
    "authentication_required": _l(
        "Your bank did not confirm the payment (3-D Secure). No money was taken."
    ),
    "payment_intent_authentication_failure": _l(
        "Your bank did not confirm the payment (3-D Secure). No money was taken."
    ),
    "expired_card": _l("Your card has expired. No money was taken."),
    "insufficient_funds": _l("Your bank declined the payment: insufficient funds."),
}
_DECLINED = _l("Your card was declined by your bank. No money was taken.")

#: What each state means for the donor, in one sentence.
STATE_EXPLANATIONS = {
    PledgeState.PENDING: _l("Waiting for your card."),
    PledgeState.SAVED: _l(
        "Your card is saved. It will be charged only if the project reaches its goal."
    ),
    PledgeState.PROCESSING: _l("Your payment is being processed."),
    PledgeState.REQUIRES_ACTION: _l("Your bank asks you to confirm the payment."),
    PledgeState.CAPTURED: _l("Paid. Thank you!"),
    PledgeState.FAILED: _l("The payment did not go through."),
    PledgeState.LAPSED: _l("The payment was not completed in time; nothing was charged."),
    PledgeState.RELEASED: _l(
        "The project did not reach its goal by its deadline: your card was not charged."
    ),
    PledgeState.REFUNDED: _l("Refunded."),
}


def decline_explanation(pledge):
    """Why the pledge's payment failed, in the donor's language."""
    return _DECLINES.get(pledge.failure_code or "", _DECLINED)


def default_currency(user):
    """The currency of the donor's country of residence when Twiza accepts it, else the euro."""
    accepted = current_app.config["SUPPORTED_CURRENCIES"]
    for currency in get_territory_currencies(user.country or "FR"):
        if currency in accepted:
            return currency
    return "EUR"


def shows_test_cards():
    """Whether the processor is in test mode, so that the pages list the test cards."""
    return not current_app.config["STRIPE_SECRET_KEY"].startswith("sk_live_")
