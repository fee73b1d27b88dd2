"""Browser-facing hardening: the security headers every response carries.

Our own small `after_request` rather than Flask-Talisman: Talisman rewrites the session
cookie settings at start-up and redirects to HTTPS itself, both of which belong to
config.py and to the proxy in front; what is left is a handful of headers.
"""

from crowdfund.security.csp import csp_nonce
from crowdfund.security.headers import apply_security_headers


def init_app(app):
    """Add the headers to every response and offer `csp_nonce()` to templates."""
    app.after_request(apply_security_headers)
    app.add_template_global(csp_nonce)
