"""Flexible projects: the card is charged as soon as it is saved."""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.models import AccountKind
from crowdfund.ledger.posting import account_for
from crowdfund.ledger.reading import balance_of
from crowdfund.matching.models import MatchAllocation
from crowdfund.payments.fake_gateway import PM_DECLINED_AT_CHARGE, PM_REQUIRES_AUTHENTICATION
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.services import card_saved, payment_completed, start_pledge
from tests.factories.matching import MatchingFundFactory
from tests.pledges.helpers import assert_ledger_sound, ledger_keys, money


def test_a_good_card_is_captured_with_its_ledger_entries_and_the_project_total(
    project, pledge, gateway
):
    done = pledge(project, 1_000_00)

    assert done.state == PledgeState.CAPTURED
    assert (done.captured_mad, done.payment_method_id) == (1_000_00, "pm_card_visa")
    intent = gateway.retrieve_payment_intent(done.payment_intent_id)
    assert (intent.amount, intent.currency) == (done.charge_amount, "MAD")
    assert ledger_keys() == [f"capture:{done.payment_intent_id}"]
    assert money(project).pledges == money(project).held == 1_000_00
    assert balance_of(account_for(AccountKind.PROCESSING_FEES)) == done.fee_mad
    assert project.raised_amount == 1_000_00
    assert_ledger_sound()


def test_a_pledge_in_euros_is_captured_in_euros_and_counted_in_dirhams(
    project, pledge, gateway, eur_rate
):
    done = pledge(project, 100_00, "EUR")

    assert (done.amount_mad, done.fx_rate_micro, done.fx_rate_date) == (
        1_085_00,
        10_850_000,
        eur_rate.effective_date,
    )
    intent = gateway.retrieve_payment_intent(done.payment_intent_id)
    assert (intent.amount, intent.currency) == (done.charge_amount, "EUR")
    assert project.raised_amount == 1_085_00
    assert_ledger_sound()


def test_a_match_is_allocated_and_posted_from_the_funded_pool(project, pledge):
    fund = MatchingFundFactory(match_numerator=2, pool_amount=5_000_00)

    done = pledge(project, 1_000_00)

    assert done.expected_match_mad == 2_000_00
    allocation = db.session.scalar(sa.select(MatchAllocation).filter_by(pledge_id=done.id))
    assert (allocation.fund, allocation.amount) == (fund, 2_000_00)
    assert ledger_keys() == [
        f"capture:{done.payment_intent_id}",
        f"pool:{fund.id}",
        f"match:pledge:{done.id}",
    ]
    assert money(project).matching == 2_000_00
    assert project.raised_amount == 3_000_00
    pool = account_for(AccountKind.MATCHING_POOL, matching_fund_id=fund.id)
    assert balance_of(pool) == 3_000_00
    assert_ledger_sound()


def test_a_match_takes_what_is_left_of_the_pool(project, pledge):
    MatchingFundFactory(pool_amount=1_500_00)

    pledge(project, 1_000_00)
    second = pledge(project, 1_000_00)

    allocation = db.session.scalar(sa.select(MatchAllocation).filter_by(pledge_id=second.id))
    assert allocation.amount == 500_00
    assert project.raised_amount == 3_500_00
    assert_ledger_sound()


def test_a_declined_card_fails_the_pledge_and_posts_nothing(project, pledge):
    done = pledge(project, 1_000_00, payment_method=PM_DECLINED_AT_CHARGE)

    assert done.state == PledgeState.FAILED
    assert (done.failure_code, done.failure_message) == ("card_declined", "Your card was declined.")
    assert ledger_keys() == []
    assert project.raised_amount == 0


def test_3d_secure_waits_for_the_donor_then_captures(project, pledge, gateway):
    waiting = pledge(project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)

    assert waiting.state == PledgeState.REQUIRES_ACTION
    assert waiting.payment_client_secret.startswith(waiting.payment_intent_id)
    assert waiting.action_deadline is None
    assert ledger_keys() == []

    gateway.complete_authentication(waiting.payment_intent_id)
    done = payment_completed(waiting, gateway)

    assert done.state == PledgeState.CAPTURED
    assert project.raised_amount == 1_000_00
    assert_ledger_sound()


def test_3d_secure_failed_fails_the_pledge(project, pledge, gateway):
    waiting = pledge(project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)

    gateway.complete_authentication(waiting.payment_intent_id, success=False)
    done = payment_completed(waiting, gateway)

    assert done.state == PledgeState.FAILED
    assert done.failure_code == "payment_intent_authentication_failure"
    assert ledger_keys() == []


def test_the_browser_coming_back_twice_charges_once(project, pledge, gateway):
    done = pledge(project, 1_000_00)

    assert card_saved(done, gateway) is done
    assert payment_completed(done, gateway) is done
    assert project.raised_amount == 1_000_00
    assert len(ledger_keys()) == 1


def test_the_same_form_sent_twice_makes_one_pledge(project, donor, gateway):
    quote = quote_pledge(project, 1_000_00, "MAD")
    first, second = (
        start_pledge(
            project,
            donor,
            quote,
            show_name=False,
            message="",
            gateway=gateway,
            idempotency_key="form-twice",
        )
        for _ in range(2)
    )

    assert first is second
    assert second.setup_client_secret.startswith(second.setup_intent_id)
