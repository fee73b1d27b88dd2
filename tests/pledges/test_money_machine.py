"""Random sequences of pledges, webhooks, settlements and refunds keep the money invariants.

The machine is in tests/pledges/machine.py; this module builds the world it
plays in: two flexible and two all-or-nothing projects with small goals and
deadlines a day or more apart (settlement both funds and fails them), a
matching fund whose pool runs dry after a pledge or two and another that
matches half up to a cap per project, a rate for euros. Below it, the known
breaches of those invariants, each as its smallest example.
"""

from datetime import timedelta

import pytest
from hypothesis import settings
from hypothesis.stateful import run_state_machine_as_test

from crowdfund.extensions import db
from crowdfund.payments.fake_gateway import PM_REQUIRES_AUTHENTICATION
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.reconcile import reconcile_pledges
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import FundingModel
from crowdfund.timeutil import today, utcnow
from tests.factories import AdminFactory, ProjectFactory, UserFactory
from tests.factories.matching import MatchingFundFactory
from tests.pledges.machine import MoneyWorld, machine_for

settings.register_profile(
    "money-machine",
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    # Examples are not kept between runs: each run explores afresh, the repository stays clean.
    database=None,
)
# PostgreSQL answers each of the hundreds of queries a run makes more slowly: fewer runs
# there check the same money path on its SQL, which SQLite explores at length.
settings.register_profile(
    "money-machine-postgresql", parent=settings.get_profile("money-machine"), max_examples=20
)


def _project(funding_model, goal_amount, days_left):
    return ProjectFactory(
        funding_model=funding_model,
        goal_amount=goal_amount,
        end_date=today() + timedelta(days=days_left),
    )


@pytest.fixture
def world(donor, eur_rate):
    return MoneyWorld(
        projects=(
            _project(FundingModel.FLEXIBLE, 1_000_00, days_left=1),
            _project(FundingModel.ALL_OR_NOTHING, 500_00, days_left=1),
            _project(FundingModel.ALL_OR_NOTHING, 2_000_00, days_left=3),
            _project(FundingModel.FLEXIBLE, 5_000_00, days_left=10),
        ),
        donors=(donor, UserFactory(name="Rachid Ouali")),
        admin=AdminFactory(),
        funds=(
            MatchingFundFactory(pool_amount=1_500_00),
            MatchingFundFactory(
                pool_amount=3_000_00, match_denominator=2, cap_per_project=1_000_00
            ),
        ),
    )


def test_any_sequence_of_payment_events_keeps_the_money_invariants(world):
    profile = "money-machine"
    if db.engine.dialect.name == "postgresql":
        profile = "money-machine-postgresql"
    run_state_machine_as_test(machine_for(world), settings=settings.get_profile(profile))


def test_a_payment_completed_after_its_lapse_is_recorded_even_if_its_webhook_is_lost(
    aon_project, pledge, gateway
):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    settle_due_campaigns(gateway, today=aon_project.end_date + timedelta(days=1))
    waiting.action_deadline = utcnow() - timedelta(seconds=1)
    db.session.flush()
    settle_due_campaigns(gateway)
    assert waiting.state == PledgeState.LAPSED
    # The donor's page was still open: 3-D Secure passes; the browser never comes back.
    gateway.complete_authentication(waiting.payment_intent_id)
    gateway.take_deliveries()  # payment_intent.succeeded is lost

    reconcile_pledges(gateway, now=utcnow() + timedelta(minutes=11))

    assert waiting.state == PledgeState.CAPTURED
    assert aon_project.raised_amount == 10_000_00
