"""Webhooks late, early, duplicated or reordered: each pledge is captured once, the ledger clean."""

from datetime import timedelta

from crowdfund.payments.fake_gateway import PM_REQUIRES_AUTHENTICATION, PM_SUCCEEDS
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.services import card_saved, charge_key, payment_completed
from crowdfund.pledges.settlement import settle_due_campaigns
from tests.pledges.helpers import assert_ledger_sound, ledger_keys


def event_types(deliveries, gateway):
    return [gateway.construct_event(d.payload, d.signature).type for d in deliveries]


def test_webhooks_after_the_api_result_change_nothing(project, pledge, gateway, deliver):
    done = pledge(project, 1_000_00)
    keys = ledger_keys()

    assert deliver() == [True, True]

    assert done.state == PledgeState.CAPTURED
    assert ledger_keys() == keys
    assert project.raised_amount == 1_000_00
    assert_ledger_sound()


def test_the_card_saved_webhook_before_the_browser_charges_once(project, begin, gateway, deliver):
    started = begin(project, 1_000_00)

    deliver()  # setup_intent.succeeded: the browser has not come back yet
    assert started.state == PledgeState.CAPTURED
    back = card_saved(started, gateway)
    deliver()  # payment_intent.succeeded

    assert back.state == PledgeState.CAPTURED
    assert len(ledger_keys()) == 1
    assert project.raised_amount == 1_000_00
    assert_ledger_sound()


def test_the_payment_webhook_before_the_api_result_is_stored_captures_once(
    project, begin, gateway, deliver
):
    started = begin(project, 1_000_00)
    gateway.take_deliveries()
    # The request is charging: the processor has answered, the pledge does not know yet.
    intent = gateway.create_payment_intent(
        started.charge_amount,
        started.currency,
        started.customer_id,
        PM_SUCCEEDS,
        idempotency_key=charge_key(started),
        metadata={"pledge_id": str(started.id)},
        off_session=False,
        confirm=True,
    )
    deliver()

    assert (started.state, started.payment_intent_id) == (PledgeState.CAPTURED, intent.id)
    card_saved(started, gateway)
    assert len(ledger_keys()) == 1
    assert project.raised_amount == 1_000_00
    assert_ledger_sound()


def test_a_duplicated_delivery_is_applied_once(project, pledge, gateway, deliver):
    pledge(project, 1_000_00)
    deliveries = gateway.take_deliveries()

    assert deliver(deliveries) == [True, True]
    assert deliver(deliveries) == [False, False]
    assert project.raised_amount == 1_000_00
    assert_ledger_sound()


def test_a_failure_arriving_after_the_success_never_undoes_the_capture(
    aon_project, pledge, gateway, deliver
):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    gateway.take_deliveries()
    settle_due_campaigns(gateway, today=aon_project.end_date + timedelta(days=1))
    gateway.complete_authentication(waiting.payment_intent_id)
    deliveries = gateway.take_deliveries()
    assert event_types(deliveries, gateway) == [
        "payment_intent.payment_failed",
        "payment_intent.succeeded",
    ]

    deliver(list(reversed(deliveries)))

    assert waiting.state == PledgeState.CAPTURED
    payment_completed(waiting, gateway)
    assert len(ledger_keys()) == 1
    assert aon_project.raised_amount == 10_000_00
    assert_ledger_sound()


def test_a_decline_by_webhook_alone_fails_the_pledge(project, pledge, gateway, deliver):
    waiting = pledge(project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    gateway.complete_authentication(waiting.payment_intent_id, success=False)

    deliver()

    assert waiting.state == PledgeState.FAILED
    assert ledger_keys() == []


def test_events_about_unknown_payments_are_ignored(project, gateway, deliver):
    unknown = {"id": "pi_unknown", "object": "payment_intent", "metadata": {}}
    deliveries = [
        gateway.signed_event("payment_intent.succeeded", unknown),
        gateway.signed_event("payment_intent.payment_failed", unknown),
        gateway.signed_event("setup_intent.succeeded", {"id": "seti_unknown"}),
        gateway.signed_event("charge.refunded", {"id": "ch_1", "payment_intent": None}),
    ]

    assert deliver(deliveries) == [True, True, True, True]
    assert ledger_keys() == []
