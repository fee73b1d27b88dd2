"""Payments: the processor behind a PaymentGateway, its webhooks, and reconciliation."""

from flask import current_app

from crowdfund.payments.gateway import PaymentGateway

EXTENSION_KEY = "payment_gateway"


def init_app(app):
    """Build the gateway PAYMENT_GATEWAY names ("stripe" or "fake") and keep it on the app."""
    choice = app.config["PAYMENT_GATEWAY"]
    if choice == "stripe":
        from crowdfund.payments.stripe_gateway import StripeGateway

        gateway = StripeGateway.from_config(app.config)
    elif choice == "fake":
        from crowdfund.payments.fake_gateway import FakeGateway

        gateway = FakeGateway(webhook_secret=app.config["STRIPE_WEBHOOK_SECRET"])
    else:
        raise RuntimeError(f"PAYMENT_GATEWAY must be 'stripe' or 'fake', not {choice!r}.")
    app.extensions[EXTENSION_KEY] = gateway


def get_gateway() -> PaymentGateway:
    """The current application's PaymentGateway."""
    return current_app.extensions[EXTENSION_KEY]
