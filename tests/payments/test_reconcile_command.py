"""`flask payments reconcile` runs every registered reconciler with the app's gateway."""

import pytest

from crowdfund.payments import reconcile


@pytest.fixture
def reconcilers(monkeypatch):
    monkeypatch.setattr(reconcile, "_reconcilers", {})


def test_with_no_reconciler_there_is_nothing_to_reconcile(app, reconcilers):
    result = app.test_cli_runner().invoke(args=["payments", "reconcile"])
    assert result.exit_code == 0
    assert result.output == "Nothing to reconcile.\n"


def test_each_reconciler_asks_the_gateway_and_reports(app, gateway, reconcilers):
    asked = []

    @reconcile.reconciler("pledges")
    def reconcile_pledges(given_gateway):
        asked.append(given_gateway)
        return "2 pending pledge(s) confirmed"

    result = app.test_cli_runner().invoke(args=["payments", "reconcile"])

    assert result.exit_code == 0
    assert result.output == "pledges: 2 pending pledge(s) confirmed\n"
    assert asked == [gateway]
