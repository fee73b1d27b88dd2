"""The donor's browser, played for the demo: what Stripe.js does with a test card.

The demo pays through the application's own gateway. With FakeGateway (the
tests) the browser is played by the gateway's own methods; with localstripe
(development) by the HTTP calls its Stripe.js makes. Real Stripe has no browser
to play here: the demo refuses it.
"""

from crowdfund.demo.errors import DemoDataRefused
from crowdfund.payments import localstripe_control
from crowdfund.payments.fake_gateway import (
    PAYMENT_METHOD_OF_CARD,
)

#: How long localstripe may take to answer: `make run` starts it just before loading the demo.
LOCALSTRIPE_WAIT_SECONDS = 15


class FakeCardholder:
    """A donor paying through FakeGateway, whose test payment methods stand for the cards."""

    def __init__(self, gateway):
        self.gateway = gateway

    def save_card(self, pledge, card_number):
        """confirmCardSetup with the card, passing 3-D Secure if the bank asks."""
        self.gateway.confirm_setup_intent(
            pledge.setup_intent_id, PAYMENT_METHOD_OF_CARD[card_number]
        )

    def authenticate(self, pledge):
        """confirmCardPayment on the pledge's payment waiting for 3-D Secure."""
        self.gateway.complete_authentication(pledge.payment_intent_id)


class LocalstripeCardholder:
    """A donor paying through StripeGateway on localstripe, in the browser localstripe serves."""

    def __init__(self, browser, gateway):
        self.browser = browser
        self.gateway = gateway

    def save_card(self, pledge, card_number):
        payment_method = self.browser.create_card_payment_method(card_number)
        self.browser.confirm_card_setup(pledge.setup_client_secret, payment_method)

    def authenticate(self, pledge):
        payment = self.gateway.retrieve_payment_intent(pledge.payment_intent_id)
        self.browser.confirm_card_payment(payment.client_secret)


def cardholder_for(config, gateway):
    """The cardholder for the configured gateway; raises DemoDataRefused where none can pay."""
    if config["PAYMENT_GATEWAY"] == "fake":
        return FakeCardholder(gateway)
    api_base = config["STRIPE_API_BASE"]
    if not localstripe_control.is_local(api_base):
        raise DemoDataRefused(
            f"The demo pays with test cards through localstripe, not through {api_base}: "
            "set STRIPE_API_BASE to a localstripe (make localstripe) to load it."
        )
    try:
        localstripe_control.wait_until_answering(api_base, LOCALSTRIPE_WAIT_SECONDS)
    except RuntimeError:
        raise DemoDataRefused(
            f"localstripe does not answer at {api_base}, and the demo's pledges are paid "
            "through it: start localstripe first (make localstripe), then load the demo again."
        ) from None
    browser = localstripe_control.LocalstripeBrowser(
        api_base, config["STRIPE_PUBLISHABLE_KEY"], config["STRIPE_SECRET_KEY"]
    )
    return LocalstripeCardholder(browser, gateway)
