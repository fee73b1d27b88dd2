"""Driving a localstripe server (a fake Stripe for development and tests) over its own HTTP API.

Whether it answers, where it posts its webhooks, and what its Stripe.js does in a
donor's browser (for the demo loader and the tests, where no browser runs).
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def is_local(api_base):
    """Whether the API base is a server on this machine (localstripe) rather than Stripe."""
    return urllib.parse.urlsplit(api_base).hostname in LOCAL_HOSTS


def is_answering(api_base):
    """Whether localstripe answers at `api_base` (it serves its Stripe.js without a key)."""
    try:
        with urllib.request.urlopen(f"{api_base}/js.stripe.com/v3/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_answering(api_base, timeout_seconds):
    deadline = time.monotonic() + timeout_seconds
    while not is_answering(api_base):
        if time.monotonic() > deadline:
            raise RuntimeError(f"localstripe does not answer at {api_base}.")
        time.sleep(0.1)


def register_webhook(api_base, webhook_id, url, secret):
    """Have localstripe post its events to `url`, signed with `secret` (replaces `webhook_id`)."""
    form = urllib.parse.urlencode({"url": url, "secret": secret}).encode()
    request = urllib.request.Request(f"{api_base}/_config/webhooks/{webhook_id}", data=form)
    with urllib.request.urlopen(request, timeout=10):
        pass


class LocalstripeBrowser:
    """What localstripe's Stripe.js does in a donor's browser, by the same HTTP calls.

    For the demo loader and the tests, which pay with Stripe's test cards where no
    browser runs. Like Stripe.js, it finds an intent by its client secret
    (`<id>_secret_<...>`) and presents the publishable key; the card itself is
    created with the secret key, as a server holding test cards would.
    """

    def __init__(self, api_base, publishable_key, secret_key):
        self.api_base = api_base
        self.publishable_key = publishable_key
        self.secret_key = secret_key

    def create_card_payment_method(self, card_number):
        """A card PaymentMethod for a test card number (any future expiry, any CVC)."""
        card = {"number": card_number, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
        return self._post("/v1/payment_methods", {"type": "card", "card": card}, secret=True)["id"]

    def confirm_card_setup(self, client_secret, payment_method):
        """`confirmCardSetup`, the 3-D Secure prompt answered "Complete authentication"."""
        path = f"/v1/setup_intents/{_intent_id(client_secret)}/confirm"
        answer = self._post(path, {"payment_method": payment_method, **self._key(client_secret)})
        if answer["status"] == "requires_action":
            answer = self._post(path, self._key(client_secret))
        return answer["status"]

    def confirm_card_payment(self, client_secret, success=True):
        """`confirmCardPayment` on a payment waiting for 3-D Secure: completed, or failed."""
        path = (
            f"/v1/payment_intents/{_intent_id(client_secret)}/_authenticate"
            f"?success={str(success).lower()}"
        )
        return self._post(path, self._key(client_secret))["status"]

    def _key(self, client_secret):
        return {"key": self.publishable_key, "client_secret": client_secret}

    def _post(self, path, body, secret=False):
        headers = {"Content-Type": "application/json"}
        if secret:
            headers["Authorization"] = f"Bearer {self.secret_key}"
        request = urllib.request.Request(
            f"{self.api_base}{path}", data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)


def _intent_id(client_secret):
    """The intent a client secret belongs to, as Stripe.js reads it."""
    return client_secret.partition("_secret_")[0]
