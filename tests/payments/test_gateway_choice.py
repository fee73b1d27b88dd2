"""Which gateway serves the app, and the keys StripeGateway refuses."""

import pytest
from flask import Flask

from config import Config, DevelopmentConfig, ProductionConfig, TestConfig
from crowdfund.payments import get_gateway, init_app
from crowdfund.payments.fake_gateway import FakeGateway
from crowdfund.payments.stripe_gateway import StripeGateway

STRIPE_SETTINGS = {
    "STRIPE_SECRET_KEY": "sk_test_choice",
    "STRIPE_WEBHOOK_SECRET": "whsec_choice",
    "STRIPE_API_BASE": "http://127.0.0.1:8420",
    "STRIPE_ALLOW_LIVE_KEYS": False,
}


def app_with(**settings):
    app = Flask(__name__)
    app.config.update(STRIPE_SETTINGS, **settings)
    init_app(app)
    return app


@pytest.mark.parametrize(("choice", "kind"), [("stripe", StripeGateway), ("fake", FakeGateway)])
def test_the_gateway_is_chosen_by_configuration(choice, kind):
    with app_with(PAYMENT_GATEWAY=choice).app_context():
        assert isinstance(get_gateway(), kind)


def test_an_unknown_gateway_is_refused():
    with pytest.raises(RuntimeError, match="PAYMENT_GATEWAY"):
        app_with(PAYMENT_GATEWAY="paypal")


@pytest.mark.parametrize("key", ["sk_live_abc", "rk_live_abc"])
def test_live_keys_are_refused_unless_allowed(key):
    with pytest.raises(RuntimeError, match="live"):
        app_with(PAYMENT_GATEWAY="stripe", STRIPE_SECRET_KEY=key)
    allowed = app_with(PAYMENT_GATEWAY="stripe", STRIPE_SECRET_KEY=key, STRIPE_ALLOW_LIVE_KEYS=True)
    assert isinstance(allowed.extensions["payment_gateway"], StripeGateway)


def test_a_missing_secret_key_is_refused():
    with pytest.raises(RuntimeError, match="STRIPE_SECRET_KEY"):
        app_with(PAYMENT_GATEWAY="stripe", STRIPE_SECRET_KEY="")


def test_only_production_may_allow_live_keys():
    assert not any(
        config.STRIPE_ALLOW_LIVE_KEYS for config in (Config, DevelopmentConfig, TestConfig)
    )
    assert ProductionConfig.PAYMENT_GATEWAY == "stripe"
