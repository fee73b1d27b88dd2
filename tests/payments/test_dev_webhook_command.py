"""`flask payments dev-webhook` points localstripe's webhooks at the app, signed with its secret."""

import http.server
import queue
import threading

import pytest

from crowdfund.payments.gateway import CARD_SUCCEEDS
from crowdfund.payments.stripe_gateway import StripeGateway
from tests.payments.conftest import SECRET_KEY, LocalstripeBackend, free_port


@pytest.fixture
def receiver():
    """A local HTTP server standing in for the app: (its URL, a queue of what it receives)."""
    received = queue.Queue()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.put((body, self.headers["Stripe-Signature"]))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/webhooks/stripe", received
    server.shutdown()
    server.server_close()
    thread.join()


def test_localstripe_then_sends_events_the_app_accepts(app, monkeypatch, localstripe_url, receiver):
    url, received = receiver
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", localstripe_url)

    result = app.test_cli_runner().invoke(args=["payments", "dev-webhook", "--url", url])
    assert result.exit_code == 0, result.output

    backend = LocalstripeBackend(localstripe_url)
    donor = backend.gateway.create_customer("amina@example.org", "Amina", "dev-webhook-1")
    payment = backend.gateway.create_payment_intent(
        amount=100_00,
        currency="EUR",
        customer_id=donor.id,
        payment_method_id=backend.payment_method(CARD_SUCCEEDS),
        idempotency_key="dev-webhook-2",
        metadata={},
        off_session=True,
        confirm=True,
    )

    app_gateway = StripeGateway(
        secret_key=SECRET_KEY,
        webhook_secret=app.config["STRIPE_WEBHOOK_SECRET"],
        api_base=localstripe_url,
    )
    while True:
        payload, signature = received.get(timeout=15)
        event = app_gateway.construct_event(payload, signature)
        if event.object_id == payment.id:
            break
    assert event.type == "payment_intent.succeeded"


def test_real_stripe_is_left_alone(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", "https://api.stripe.com")
    result = app.test_cli_runner().invoke(args=["payments", "dev-webhook"])
    assert result.exit_code == 0
    assert "dashboard" in result.output


def test_a_localstripe_that_does_not_answer_is_an_error(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", f"http://127.0.0.1:{free_port()}")
    result = app.test_cli_runner().invoke(args=["payments", "dev-webhook", "--wait", "0.3"])
    assert result.exit_code == 1
    assert "does not answer" in result.output
