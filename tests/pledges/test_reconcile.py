"""`flask payments reconcile` repairs pledges whose webhooks were lost."""

from datetime import timedelta

from crowdfund.payments.fake_gateway import PM_REQUIRES_AUTHENTICATION
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.reconcile import reconcile_pledges
from crowdfund.timeutil import utcnow
from tests.pledges.helpers import assert_ledger_sound, ledger_keys

LATER = timedelta(minutes=11)


def test_a_payment_completed_without_its_webhook_is_captured(project, pledge, gateway):
    waiting = pledge(project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    gateway.complete_authentication(waiting.payment_intent_id)
    gateway.take_deliveries()  # lost

    summary = reconcile_pledges(gateway, now=utcnow() + LATER)

    assert summary == "1 pledge(s) checked, 1 moved on"
    assert waiting.state == PledgeState.CAPTURED
    assert project.raised_amount == 1_000_00
    assert_ledger_sound()


def test_reconciling_twice_changes_nothing(project, pledge, gateway):
    waiting = pledge(project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    gateway.complete_authentication(waiting.payment_intent_id, success=False)
    reconcile_pledges(gateway, now=utcnow() + LATER)
    assert waiting.state == PledgeState.FAILED

    assert reconcile_pledges(gateway, now=utcnow() + LATER) == "0 pledge(s) checked, 0 moved on"
    assert ledger_keys() == []


def test_a_card_saved_without_the_browser_coming_back_is_charged(project, begin, gateway):
    started = begin(project, 1_000_00)
    gateway.take_deliveries()  # lost

    reconcile_pledges(gateway, now=utcnow() + LATER)

    assert started.state == PledgeState.CAPTURED


def test_recent_and_still_waiting_pledges_are_left_alone(project, pledge, gateway):
    waiting = pledge(project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)

    assert reconcile_pledges(gateway) == "0 pledge(s) checked, 0 moved on"
    assert reconcile_pledges(gateway, now=utcnow() + LATER) == "1 pledge(s) checked, 0 moved on"
    assert waiting.state == PledgeState.REQUIRES_ACTION


def test_the_reconcile_command_runs_the_pledge_reconciler(app, project, pledge, gateway):
    waiting = pledge(project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    waiting.created_at = utcnow() - LATER
    gateway.complete_authentication(waiting.payment_intent_id)

    result = app.test_cli_runner().invoke(args=["payments", "reconcile"])

    assert "pledges: 1 pledge(s) checked, 1 moved on" in result.output
    assert waiting.state == PledgeState.CAPTURED
