"""All-or-nothing pledges wait for the deadline; settlement funds or fails each campaign once."""

from datetime import timedelta

from crowdfund.extensions import db
from crowdfund.payments.fake_gateway import PM_DECLINED_AT_CHARGE, PM_REQUIRES_AUTHENTICATION
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.services import payment_completed
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import FundingModel, ProjectState
from crowdfund.timeutil import utcnow
from tests.factories import ProjectFactory
from tests.factories.cofunding import CoFundingFactory
from tests.pledges.helpers import assert_ledger_sound, ledger_keys


def after_deadline(project):
    return project.end_date + timedelta(days=1)


def test_an_all_or_nothing_card_is_saved_and_not_charged(aon_project, pledge, gateway):
    saved = pledge(aon_project, 1_000_00)

    assert saved.state == PledgeState.SAVED
    assert saved.payment_method_id == "pm_card_visa"
    assert saved.payment_intent_id is None
    assert ledger_keys() == []
    assert aon_project.raised_amount == 0


def test_nothing_is_settled_before_the_deadline(aon_project, pledge, gateway):
    pledge(aon_project, 10_000_00)

    settlement = settle_due_campaigns(gateway, today=aon_project.end_date)

    assert settlement.funded == settlement.failed == []
    assert aon_project.state == ProjectState.LIVE


def test_a_goal_reached_funds_the_project_once_and_charges_the_saved_cards(
    aon_project, pledge, gateway
):
    first = pledge(aon_project, 6_000_00)
    second = pledge(aon_project, 4_000_00)

    settlement = settle_due_campaigns(gateway, today=after_deadline(aon_project))

    assert settlement.funded == [aon_project]
    assert settlement.captured == [first, second]
    assert aon_project.state == ProjectState.FUNDED
    assert [transition.action for transition in aon_project.transitions] == ["fund"]
    assert (first.state, second.state) == (PledgeState.CAPTURED, PledgeState.CAPTURED)
    assert aon_project.raised_amount == 10_000_00
    assert_ledger_sound()


def test_settling_twice_changes_nothing(aon_project, pledge, gateway):
    pledge(aon_project, 10_000_00)
    day = after_deadline(aon_project)
    settle_due_campaigns(gateway, today=day)
    keys = ledger_keys()

    again = settle_due_campaigns(gateway, today=day)

    assert (again.funded, again.captured, again.released) == ([], [], [])
    assert ledger_keys() == keys
    assert len(aon_project.transitions) == 1
    assert aon_project.raised_amount == 10_000_00


def test_co_funding_counts_toward_the_goal(aon_project, pledge, gateway):
    pledge(aon_project, 4_000_00)
    CoFundingFactory(project=aon_project, amount=6_000_00)

    settlement = settle_due_campaigns(gateway, today=after_deadline(aon_project))

    assert settlement.funded == [aon_project]
    assert aon_project.raised_amount == 4_000_00


def test_a_goal_missed_fails_the_project_and_releases_every_card(
    aon_project, pledge, begin, gateway
):
    saved = pledge(aon_project, 4_000_00)
    never_saved = begin(aon_project, 1_000_00)

    settlement = settle_due_campaigns(gateway, today=after_deadline(aon_project))

    assert settlement.failed == [aon_project]
    assert settlement.released == [saved, never_saved]
    assert aon_project.state == ProjectState.FAILED
    assert (saved.state, never_saved.state) == (PledgeState.RELEASED, PledgeState.RELEASED)
    assert saved.payment_intent_id is None
    assert ledger_keys() == []


def test_a_declined_settlement_charge_is_recorded(aon_project, pledge, gateway):
    good = pledge(aon_project, 10_000_00)
    bad = pledge(aon_project, 1_000_00, payment_method=PM_DECLINED_AT_CHARGE)

    settlement = settle_due_campaigns(gateway, today=after_deadline(aon_project))

    assert settlement.captured == [good]
    assert settlement.declined == [bad]
    assert (bad.state, bad.failure_code) == (PledgeState.FAILED, "card_declined")
    assert aon_project.raised_amount == 10_000_00
    assert_ledger_sound()


def test_a_settlement_charge_needing_3d_secure_waits_for_the_donor(aon_project, pledge, gateway):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)

    settlement = settle_due_campaigns(gateway, today=after_deadline(aon_project))

    assert settlement.action_needed == [waiting]
    assert waiting.state == PledgeState.REQUIRES_ACTION
    deadline = utcnow() + timedelta(days=7)
    assert abs(waiting.action_deadline - deadline) < timedelta(minutes=1)

    gateway.complete_authentication(waiting.payment_intent_id)
    payment_completed(waiting, gateway)

    assert waiting.state == PledgeState.CAPTURED
    assert aon_project.raised_amount == 10_000_00


def test_a_charge_not_completed_in_the_window_lapses(aon_project, pledge, gateway):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    settle_due_campaigns(gateway, today=after_deadline(aon_project))
    waiting.action_deadline = utcnow() - timedelta(seconds=1)
    db.session.flush()

    settlement = settle_due_campaigns(gateway)

    assert settlement.lapsed == [waiting]
    assert waiting.state == PledgeState.LAPSED
    assert ledger_keys() == []


def test_a_charge_completed_before_the_lapse_is_captured_not_lapsed(aon_project, pledge, gateway):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    settle_due_campaigns(gateway, today=after_deadline(aon_project))
    gateway.complete_authentication(waiting.payment_intent_id)  # its webhook is lost
    waiting.action_deadline = utcnow() - timedelta(seconds=1)
    db.session.flush()

    settlement = settle_due_campaigns(gateway)

    assert settlement.captured == [waiting]
    assert waiting.state == PledgeState.CAPTURED


def test_a_flexible_project_keeps_what_it_raised(project, pledge, gateway):
    pledge(project, 1_000_00)
    empty = ProjectFactory(funding_model=FundingModel.FLEXIBLE, end_date=project.end_date)

    settlement = settle_due_campaigns(gateway, today=after_deadline(project))

    assert settlement.funded == [project]
    assert settlement.failed == [empty]
    assert project.raised_amount == 1_000_00
