"""/metrics: only for the holder of METRICS_TOKEN; requests by endpoint; business figures."""

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from crowdfund.pledges.models import PledgeState
from crowdfund.timeutil import utcnow
from tests.factories.notifications import OutboxMessageFactory
from tests.factories.pledges import PledgeFactory

TOKEN = "metrics-token-of-at-least-32-characters"


@pytest.fixture
def metrics_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)


def scrape(client):
    """The scraped samples as {(name, frozenset(labels)): value}."""
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.get_data(as_text=True))
        for sample in family.samples
    }


def requests_counted(samples, endpoint, status="200", method="GET"):
    labels = frozenset({"endpoint": endpoint, "method": method, "status": status}.items())
    return samples.get(("twiza_http_requests_total", labels), 0)


def test_metrics_are_off_without_a_token(client):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404


@pytest.mark.usefixtures("metrics_on")
@pytest.mark.parametrize(
    "authorization", [None, "", f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}"]
)
def test_metrics_refuse_anyone_without_the_token(client, authorization):
    headers = {"Authorization": authorization} if authorization is not None else {}

    response = client.get("/metrics", headers=headers)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="metrics"'
    assert b"twiza_" not in response.data


@pytest.mark.usefixtures("metrics_on")
def test_requests_are_counted_by_endpoint_and_status(client):
    before = scrape(client)

    for _ in range(3):
        client.get("/healthz")
    client.get("/no-such-page")
    client.get("/no-such-page/either")
    after = scrape(client)

    assert requests_counted(after, "ops.healthz") - requests_counted(before, "ops.healthz") == 3
    unmatched = requests_counted(after, "unmatched", "404") - requests_counted(
        before, "unmatched", "404"
    )
    assert unmatched == 2


@pytest.mark.usefixtures("metrics_on")
def test_request_latency_is_observed_by_endpoint(client):
    labels = frozenset({"endpoint": "ops.healthz", "method": "GET"}.items())
    count = ("twiza_http_request_duration_seconds_count", labels)
    before = scrape(client).get(count, 0)

    client.get("/healthz")
    after = scrape(client)

    assert after[count] == before + 1
    assert after[("twiza_http_request_duration_seconds_sum", labels)] > 0


@pytest.mark.usefixtures("metrics_on")
def test_business_figures_are_read_from_the_database(client):
    PledgeFactory.create_batch(3, state=PledgeState.CAPTURED, captured_mad=50_000)
    PledgeFactory(state=PledgeState.PENDING)
    PledgeFactory(state=PledgeState.FAILED)
    OutboxMessageFactory(created_at=utcnow() - timedelta(minutes=30))
    OutboxMessageFactory()
    OutboxMessageFactory(sent_at=utcnow(), next_attempt_at=None)
    OutboxMessageFactory(next_attempt_at=None, attempts=12, last_error="550 mailbox unknown")

    samples = scrape(client)

    assert samples[("twiza_pledges_captured", frozenset())] == 3
    assert samples[("twiza_outbox_pending", frozenset())] == 2
    assert samples[("twiza_outbox_given_up", frozenset())] == 1
    oldest = samples[("twiza_outbox_oldest_pending_seconds", frozenset())]
    assert 30 * 60 <= oldest < 31 * 60


@pytest.mark.usefixtures("metrics_on")
def test_an_empty_outbox_has_no_age(client):
    assert scrape(client)[("twiza_outbox_oldest_pending_seconds", frozenset())] == 0
