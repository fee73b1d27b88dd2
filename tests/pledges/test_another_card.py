"""A card declined at settlement: another one may be given within the window, then it lapses."""

from datetime import timedelta

import pytest

from crowdfund.extensions import db
from crowdfund.payments.fake_gateway import PM_DECLINED_AT_CHARGE, PM_SUCCEEDS
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.quotes import PledgeRefused
from crowdfund.pledges.services import card_saved, replace_card
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.timeutil import utcnow
from tests.pledges.helpers import assert_ledger_sound, ledger_keys


def after_deadline(project):
    return project.end_date + timedelta(days=1)


@pytest.fixture
def settled(aon_project, pledge, gateway):
    """An all-or-nothing project funded by one good card; a second card declined at settlement.

    Gives the declined pledge and the webhooks settlement sent.
    """
    pledge(aon_project, 10_000_00)
    bad = pledge(aon_project, 1_000_00, payment_method=PM_DECLINED_AT_CHARGE)
    gateway.take_deliveries()
    settle_due_campaigns(gateway, today=after_deadline(aon_project))
    return bad, gateway.take_deliveries()


@pytest.fixture
def declined(settled):
    return settled[0]


def test_a_declined_settlement_charge_opens_a_seven_day_window(declined):
    assert declined.state == PledgeState.FAILED
    assert abs(declined.action_deadline - (utcnow() + timedelta(days=7))) < timedelta(minutes=1)


def test_another_card_is_charged_at_once(declined, gateway, aon_project):
    first_setup = declined.setup_intent_id

    replace_card(declined, gateway)
    assert (declined.state, declined.attempt) == (PledgeState.PENDING, 2)
    assert declined.setup_intent_id != first_setup
    assert declined.setup_client_secret
    gateway.confirm_setup_intent(declined.setup_intent_id, PM_SUCCEEDS)
    card_saved(declined, gateway)

    assert declined.state == PledgeState.CAPTURED
    assert aon_project.raised_amount == 11_000_00
    assert ledger_keys().count(f"capture:{declined.payment_intent_id}") == 1
    assert_ledger_sound()


def test_late_webhooks_of_the_declined_card_do_not_touch_the_new_one(settled, gateway, deliver):
    declined, old_events = settled
    assert any(b"payment_intent.payment_failed" in event.payload for event in old_events)
    replace_card(declined, gateway)
    gateway.confirm_setup_intent(declined.setup_intent_id, PM_SUCCEEDS)
    gateway.take_deliveries()

    deliver(old_events)
    assert declined.state == PledgeState.PENDING
    card_saved(declined, gateway)
    deliver(old_events)

    assert declined.state == PledgeState.CAPTURED
    assert_ledger_sound()


def test_a_second_declined_card_can_be_replaced_again(declined, gateway):
    replace_card(declined, gateway)
    gateway.confirm_setup_intent(declined.setup_intent_id, PM_DECLINED_AT_CHARGE)
    card_saved(declined, gateway)
    assert declined.state == PledgeState.FAILED

    replace_card(declined, gateway)
    gateway.confirm_setup_intent(declined.setup_intent_id, PM_SUCCEEDS)
    card_saved(declined, gateway)

    assert (declined.state, declined.attempt) == (PledgeState.CAPTURED, 3)


def test_no_other_card_after_the_window(declined, gateway):
    declined.action_deadline = utcnow() - timedelta(seconds=1)
    db.session.flush()

    with pytest.raises(PledgeRefused):
        replace_card(declined, gateway)
    assert (declined.state, declined.attempt) == (PledgeState.FAILED, 1)


def test_a_declined_card_not_replaced_in_time_lapses(declined, gateway):
    declined.action_deadline = utcnow() - timedelta(seconds=1)
    db.session.flush()

    settlement = settle_due_campaigns(gateway)

    assert settlement.lapsed == [declined]
    assert declined.state == PledgeState.LAPSED


def test_a_replacement_confirmed_after_the_window_lapses_uncharged(declined, gateway, aon_project):
    replace_card(declined, gateway)
    gateway.confirm_setup_intent(declined.setup_intent_id, PM_SUCCEEDS)
    declined.action_deadline = utcnow() - timedelta(seconds=1)
    db.session.flush()

    card_saved(declined, gateway)

    assert declined.state == PledgeState.LAPSED
    assert aon_project.raised_amount == 10_000_00


def test_a_flexible_decline_is_final(project, pledge, gateway):
    failed = pledge(project, 1_000_00, payment_method=PM_DECLINED_AT_CHARGE)

    assert failed.state == PledgeState.FAILED
    assert failed.action_deadline is None
    with pytest.raises(PledgeRefused):
        replace_card(failed, gateway)
