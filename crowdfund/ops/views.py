"""/healthz, /readyz and /metrics: for the load balancer and Prometheus, not for people."""

import hmac

from flask import Blueprint, abort, current_app, request

from crowdfund.ops.metrics import render_metrics
from crowdfund.ops.readiness import readiness_problems
from crowdfund.permissions import Permission, require

bp = Blueprint("ops", __name__)

#: Probes must never be answered from a cache.
NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/healthz")
@require(Permission.PUBLIC)
def healthz():
    """The process is up and answers; nothing else is checked, so a slow database never
    gets a healthy process restarted."""
    return {"status": "ok"}, 200, NO_STORE


@bp.get("/readyz")
@require(Permission.PUBLIC)
def readyz():
    """Ready for traffic: the database answers and its schema is the one this code expects."""
    problems = readiness_problems(current_app.extensions["migrate"].directory)
    if problems:
        return {"status": "unavailable", "problems": problems}, 503, NO_STORE
    return {"status": "ready"}, 200, NO_STORE


@bp.get("/metrics")
@require(Permission.PUBLIC)
def metrics():
    """Prometheus metrics for the holder of `METRICS_TOKEN` (a bearer token); off without one.

    The token is the credential, so the route is public to the permission system.
    """
    expected = current_app.config.get("METRICS_TOKEN") or ""
    if not expected:
        abort(404)
    sent = request.headers.get("Authorization", "")
    if not hmac.compare_digest(sent.encode(), f"Bearer {expected}".encode()):
        challenge = {"WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "text/plain"}
        return "Unauthorized\n", 401, {**challenge, **NO_STORE}
    body, content_type = render_metrics()
    return body, 200, {"Content-Type": content_type, **NO_STORE}
