"""The Content-Security-Policy: a fresh nonce per request, Stripe's origins from config.

No inline script or style runs without the request's nonce; Stripe.js may load from
the origin of STRIPE_JS_URL (and STRIPE_SCRIPT_ORIGINS) and talk to STRIPE_API_BASE,
so localstripe works in development and tests and js.stripe.com in production.
"""

import secrets
from urllib.parse import urlsplit

from flask import g


def csp_nonce():
    """This request's nonce, for `<script nonce="{{ csp_nonce() }}">` in templates."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def origin(url):
    """The scheme and host of `url` (`https://js.stripe.com`), as CSP source lists take it."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(config, nonce):
    """The policy for one response, every directive spelled out."""
    stripe_js = origin(config["STRIPE_JS_URL"])
    stripe_api = origin(config["STRIPE_API_BASE"])
    frames = _unique([stripe_js, *config["STRIPE_FRAME_ORIGINS"]])
    directives = {
        "default-src": ["'self'"],
        "script-src": _unique(
            ["'self'", f"'nonce-{nonce}'", stripe_js, *config["STRIPE_SCRIPT_ORIGINS"]]
        ),
        "style-src": ["'self'", f"'nonce-{nonce}'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": _unique(["'self'", stripe_api]),
        "frame-src": frames,
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def _unique(sources):
    return list(dict.fromkeys(sources))
