"""Trust the reverse proxies in front of the app, and only as many as there are.

Behind nginx every request comes from nginx: without this, audit entries would
record nginx's address and the login rate limit would throttle every visitor
together. Each trusted proxy appends the address it saw to X-Forwarded-For;
counting from the right, the first address no trusted proxy added is the
client's. Anything further left was written by the client and is ignored.
"""

from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app):
    """Read the client's address and scheme from the last `TRUSTED_PROXY_COUNT` proxies."""
    count = int(app.config.get("TRUSTED_PROXY_COUNT", 0))
    if count < 0:
        raise RuntimeError("TRUSTED_PROXY_COUNT cannot be negative.")
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
