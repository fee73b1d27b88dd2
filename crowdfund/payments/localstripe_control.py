"""Driving a localstripe server (a fake Stripe for development and tests) over its own HTTP API."""

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
