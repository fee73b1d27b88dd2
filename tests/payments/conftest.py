"""A real localstripe server for the session, and the contract suite's two backends."""

import socket
import subprocess
import sys
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

import pytest

from crowdfund.payments import localstripe_control, services
from crowdfund.payments.fake_gateway import (
    PAYMENT_METHOD_OF_CARD,
    FakeGateway,
)
from crowdfund.payments.stripe_gateway import StripeGateway

SERVER_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "localstripe_server.py"
WEBHOOK_SECRET = "whsec_contract"
SECRET_KEY = "sk_test_contract"
PUBLISHABLE_KEY = "pk_test_contract"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_localstripe(data_file, *options):
    """Run scripts/localstripe_server.py on a free port until the block ends; yields its URL."""
    port = free_port()
    with data_file.with_suffix(".log").open("ab") as log:
        arguments = ["--port", str(port), "--data-file", str(data_file), *options]
        server = subprocess.Popen(
            [sys.executable, str(SERVER_SCRIPT), *arguments],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            localstripe_control.wait_until_answering(url, timeout_seconds=30)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


@pytest.fixture(scope="session")
def localstripe_data_file(tmp_path_factory):
    return tmp_path_factory.mktemp("localstripe") / "localstripe.pickle"


@pytest.fixture(scope="session")
def localstripe_url(localstripe_data_file):
    """The base URL of a localstripe started for this test session."""
    with running_localstripe(localstripe_data_file, "--from-scratch") as url:
        yield url


class FakeBackend:
    """FakeGateway, with the browser played by its own methods."""

    name = "fake"

    def __init__(self):
        self.gateway = FakeGateway(webhook_secret=WEBHOOK_SECRET)

    def payment_method(self, card_number):
        return PAYMENT_METHOD_OF_CARD[card_number]

    def confirm_card_setup(self, setup_intent, payment_method):
        self.gateway.confirm_setup_intent(setup_intent.id, payment_method)

    def confirm_card_payment(self, payment_intent, success=True):
        self.gateway.complete_authentication(payment_intent.id, success=success)


class LocalstripeBackend:
    """StripeGateway on a real localstripe, with the browser played as localstripe's Stripe.js."""

    name = "localstripe"

    def __init__(self, url):
        self.url = url
        self.gateway = StripeGateway(
            secret_key=SECRET_KEY, webhook_secret=WEBHOOK_SECRET, api_base=url
        )
        self.browser = localstripe_control.LocalstripeBrowser(url, PUBLISHABLE_KEY, SECRET_KEY)

    def payment_method(self, card_number):
        return self.browser.create_card_payment_method(card_number)

    def confirm_card_setup(self, setup_intent, payment_method):
        self.browser.confirm_card_setup(setup_intent.client_secret, payment_method)

    def confirm_card_payment(self, payment_intent, success=True):
        self.browser.confirm_card_payment(payment_intent.client_secret, success=success)


@pytest.fixture(params=["fake", "localstripe"])
def backend(request):
    if request.param == "fake":
        return FakeBackend()
    return LocalstripeBackend(request.getfixturevalue("localstripe_url"))


@pytest.fixture
def registry(monkeypatch):
    """An empty registry of webhook handlers, for this test only."""
    monkeypatch.setattr(services, "_handlers", defaultdict(list))


@pytest.fixture
def handled(registry):
    """The events a handler of `payment_intent.succeeded` and `charge.refunded` receives."""
    received = []
    services.on_event("payment_intent.succeeded", "charge.refunded")(received.append)
    return received
