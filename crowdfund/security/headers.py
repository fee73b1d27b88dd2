"""The security headers added to every response (ASVS 5.0, chapter 3)."""

from flask import current_app

from crowdfund.security.csp import content_security_policy, csp_nonce

#: Browser features the site never uses, refused to it and to any frame it opens.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
#: Full addresses stay on the site: links in mail carry tokens in their paths.
REFERRER_POLICY = "strict-origin-when-cross-origin"


def security_headers(config, nonce):
    """The headers for one response; HSTS only where HSTS_MAX_AGE is set (production)."""
    headers = {
        "Content-Security-Policy": content_security_policy(config, nonce),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": REFERRER_POLICY,
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    if config["HSTS_MAX_AGE"]:
        headers["Strict-Transport-Security"] = (
            f"max-age={config['HSTS_MAX_AGE']}; includeSubDomains"
        )
    return headers


def apply_security_headers(response):
    """Add the headers; a view that set one itself (a stricter policy, say) keeps its own."""
    for name, value in security_headers(current_app.config, csp_nonce()).items():
        response.headers.setdefault(name, value)
    return response
