"""Prometheus metrics: requests by endpoint, and a few cheap facts about the business.

Under gunicorn every worker is a process of its own: with
`PROMETHEUS_MULTIPROC_DIR` set (gunicorn.conf.py sets it before the app is
loaded), each worker writes its counters to files there and a scrape, whichever
worker answers it, adds up the files of all. Business figures are not kept in
the processes at all: they are read from the database when scraped, so every
worker reports the same truth.
"""

import os
import time

import sqlalchemy as sa
from flask import g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from crowdfund.extensions import db

REQUESTS = Counter(
    "twiza_http_requests_total",
    "HTTP requests answered, by endpoint, method and status.",
    ("endpoint", "method", "status"),
)
LATENCY = Histogram(
    "twiza_http_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint.",
    ("endpoint", "method"),
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
KEPT_PAGES = Counter(
    "twiza_kept_pages_total",
    "Public pages asked for by visitors not logged in: served from the page store, or "
    "rendered (then kept).",
    ("outcome",),
)
#: Requests that matched no route share one label: paths are unbounded, endpoints are not.
UNMATCHED = "unmatched"


def init_app(app):
    @app.before_request
    def _start_timer():
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response):
        started = g.pop("metrics_started", None)
        endpoint = request.url_rule.endpoint if request.url_rule else UNMATCHED
        REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
        if started is not None:
            LATENCY.labels(endpoint, request.method).observe(time.perf_counter() - started)
        return response


class BusinessCollector:
    """Figures read from the database at each scrape, by indexed counts: pledges, mail."""

    def collect(self):
        from crowdfund.notifications.models import OutboxMessage
        from crowdfund.pledges.models import Pledge, PledgeState

        captured = db.session.scalar(
            sa.select(sa.func.count()).where(Pledge.state == PledgeState.CAPTURED)
        )
        pending = db.session.execute(
            sa.select(sa.func.count(), sa.func.min(OutboxMessage.created_at)).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at.is_not(None)
            )
        ).one()
        given_up = db.session.scalar(
            sa.select(sa.func.count()).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at.is_(None)
            )
        )
        yield _gauge("twiza_pledges_captured", "Pledges captured.", captured)
        yield _gauge("twiza_outbox_pending", "Mail waiting in the outbox to be sent.", pending[0])
        yield _gauge(
            "twiza_outbox_oldest_pending_seconds",
            "Age of the oldest mail waiting in the outbox (0 when none waits).",
            _age_seconds(pending[1]),
        )
        yield _gauge("twiza_outbox_given_up", "Mail given up after its last attempt.", given_up)


def _gauge(name, documentation, value):
    family = GaugeMetricFamily(name, documentation)
    family.add_metric([], value)
    return family


def _age_seconds(since):
    from crowdfund.timeutil import utcnow

    return 0 if since is None else max((utcnow() - since).total_seconds(), 0)


def render_metrics():
    """The exposition text of every metric, and its content type."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REGISTRY)
    registry.register(BusinessCollector())
    return generate_latest(registry), CONTENT_TYPE_LATEST
