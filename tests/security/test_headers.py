"""Every response carries the security headers, with the exact values the policy states."""

import re

import pytest
from flask import render_template_string

from tests.factories import ProjectFactory

NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]+)'")

#: With the Stripe settings of localstripe on this machine, as in development.
LOCALSTRIPE_POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}' http://127.0.0.1:8420 https://*.js.stripe.com; "
    "style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self'; "
    "font-src 'self'; "
    "connect-src 'self' http://127.0.0.1:8420; "
    "frame-src http://127.0.0.1:8420 https://*.js.stripe.com https://hooks.stripe.com; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "frame-ancestors 'none'; "
    "form-action 'self'"
)
#: With real Stripe.
STRIPE_POLICY = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}' https://js.stripe.com https://*.js.stripe.com; "
    "style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self'; "
    "font-src 'self'; "
    "connect-src 'self' https://api.stripe.com; "
    "frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "frame-ancestors 'none'; "
    "form-action 'self'"
)
OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    ),
}


def _nonce(response):
    return NONCE.search(response.headers["Content-Security-Policy"]).group(1)


@pytest.fixture
def localstripe_settings(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_JS_URL", "http://127.0.0.1:8420/js.stripe.com/v3/")
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", "http://127.0.0.1:8420")


@pytest.fixture
def stripe_settings(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_JS_URL", "https://js.stripe.com/v3/")
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", "https://api.stripe.com")


def test_the_policy_allows_localstripe_in_development(client, localstripe_settings):
    response = client.get("/")

    assert response.status_code == 200
    expected = LOCALSTRIPE_POLICY.format(nonce=_nonce(response))
    assert response.headers["Content-Security-Policy"] == expected


def test_the_policy_allows_stripe_js_in_production(client, stripe_settings):
    response = client.get("/")

    expected = STRIPE_POLICY.format(nonce=_nonce(response))
    assert response.headers["Content-Security-Policy"] == expected


@pytest.mark.parametrize(
    "path",
    ["/", "/static/js/pledge.js", "/api/v1/projects", "/no-such-page", "/account/login"],
)
def test_every_kind_of_response_carries_the_headers(client, stripe_settings, path):
    with client.get(path) as response:
        headers = response.headers

    assert headers["Content-Security-Policy"] == STRIPE_POLICY.format(nonce=_nonce(response))
    for name, value in OTHER_HEADERS.items():
        assert headers[name] == value, name


def test_no_hsts_outside_production(client):
    """Development serves plain HTTP: HSTS there would lock the browser out of it."""
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_each_request_has_a_nonce_of_its_own(client):
    nonces = {_nonce(client.get("/")) for _ in range(5)}

    assert len(nonces) == 5
    # At least 128 bits of randomness (CSP 3, section 7.1): 18 bytes in base64url.
    assert all(len(nonce) >= 24 for nonce in nonces)


def test_templates_get_the_nonce_the_header_announces(app):
    with app.test_request_context("/"):
        page = render_template_string('<script nonce="{{ csp_nonce() }}"></script>')
        response = app.process_response(app.make_response(page))

    assert page == f'<script nonce="{_nonce(response)}"></script>'


def test_a_project_page_needs_no_inline_style_for_its_funding_bar(client):
    project = ProjectFactory(goal_amount=10_000_000, raised_amount=2_500_000)

    html = client.get(f"/projects/{project.slug}").get_data(as_text=True)

    assert 'class="progress" aria-hidden="true" data-percent="25.0"' in html
    assert "style=" not in html
    assert "js/progress-bars.js" in html
