"""Every webhook of a campaign posted again, twice, backwards, shuffled and late changes nothing.

The same scripted campaign runs twice, each time in a run of its own: once
with every webhook posted to /webhooks/stripe as soon as the processor sends
it, in order; once with none delivered until after settlement and a refund,
then all of them posted in reverse, shuffled and again. Both runs end with the
same money, and `flask ledger check` finds the ledger clean.
"""

import random
from datetime import timedelta

import pytest

from crowdfund.extensions import db
from crowdfund.ledger.reading import project_money
from crowdfund.payments.fake_gateway import (
    PM_DECLINED_AT_CHARGE,
    PM_REQUIRES_AUTHENTICATION,
    PM_SUCCEEDS,
)
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.refunds import refund_pledge
from crowdfund.pledges.services import card_saved, payment_completed, start_pledge
from crowdfund.pledges.settlement import settle_due_campaigns
from tests.factories import AdminFactory
from tests.factories.matching import MatchingFundFactory
from tests.payments.test_webhook_endpoint import post
from tests.pledges.helpers import ledger_keys
from tests.pledges.machine import run_of_its_own

SHUFFLE_SEED = 2026


class Campaign:
    """The script: two campaigns, eight pledges, settlement and two refunds.

    `after_each_step(deliveries)` receives what the processor sent during each step.
    """

    def __init__(self, gateway, donor, admin, after_each_step):
        self.gateway = gateway
        self.donor = donor
        self.admin = admin
        self.after_each_step = after_each_step
        self.pledges = {}
        self.forms = 0

    def step(self, action, *args, **kwargs):
        result = action(*args, **kwargs)
        self.after_each_step(self.gateway.take_deliveries())
        return result

    def pledge(self, name, project, amount, currency="MAD", card=PM_SUCCEEDS):
        """A donor pledges and saves `card` (None: never saved); the browser comes back."""
        self.forms += 1
        self.pledges[name] = pledge = self.step(
            start_pledge,
            project,
            self.donor,
            quote_pledge(project, amount, currency),
            show_name=True,
            message="",
            gateway=self.gateway,
            idempotency_key=f"replay-form-{self.forms}",
        )
        if card is not None:
            self.step(self.gateway.confirm_setup_intent, pledge.setup_intent_id, card)
            self.step(card_saved, pledge, self.gateway)

    def authenticate(self, name, success=True):
        """The donor answers 3-D Secure and the browser comes back."""
        pledge = self.pledges[name]
        self.step(self.gateway.complete_authentication, pledge.payment_intent_id, success)
        self.step(payment_completed, pledge, self.gateway)

    def play(self, flexible, all_or_nothing):
        self.pledge("flexible, good card", flexible, 1_000_00)
        self.pledge(
            "flexible, euros, 3-D Secure", flexible, 100_00, "EUR", PM_REQUIRES_AUTHENTICATION
        )
        self.authenticate("flexible, euros, 3-D Secure")
        self.pledge("flexible, declined", flexible, 500_00, card=PM_DECLINED_AT_CHARGE)
        self.pledge(
            "flexible, 3-D Secure failed", flexible, 700_00, card=PM_REQUIRES_AUTHENTICATION
        )
        self.authenticate("flexible, 3-D Secure failed", success=False)
        self.pledge("all-or-nothing, good card", all_or_nothing, 6_000_00)
        self.pledge(
            "all-or-nothing, 3-D Secure", all_or_nothing, 3_000_00, card=PM_REQUIRES_AUTHENTICATION
        )
        self.pledge(
            "all-or-nothing, declined", all_or_nothing, 2_000_00, card=PM_DECLINED_AT_CHARGE
        )
        self.pledge("all-or-nothing, card never saved", all_or_nothing, 1_000_00, card=None)
        day_after = max(flexible.end_date, all_or_nothing.end_date) + timedelta(days=1)
        self.step(settle_due_campaigns, self.gateway, day_after)
        self.authenticate("all-or-nothing, 3-D Secure")
        self.refund("flexible, good card", 400_00)
        self.refund("flexible, euros, 3-D Secure", None)

    def refund(self, name, amount_mad):
        """An administrator refunds `amount_mad` of a pledge (None: all of it)."""
        pledge = self.pledges[name]
        amount_mad = amount_mad or pledge.captured_mad - pledge.refunded_mad
        self.step(refund_pledge, pledge, amount_mad, "Asked by the donor", self.admin, self.gateway)


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def campaigns(project, aon_project, eur_rate):
    """A flexible and an all-or-nothing campaign, both of 10,000 MAD, and a matching fund."""
    MatchingFundFactory(pool_amount=5_000_00)
    return project, aon_project


def outcome(campaigns, pledges):
    """The money as the test session reads it afresh: per project, per pledge, in the ledger.

    Pledges are named as in the script: their ids differ between runs on PostgreSQL.
    """
    db.session.expire_all()
    names = {str(pledge.id): name for name, pledge in pledges.items()}

    def named(key):
        head, _, pledge_id = key.rpartition(":")
        return f"{head}:{names[pledge_id]}" if head == "match:pledge" else key

    return {
        "projects": [
            (project.state, project.raised_amount, project_money(project)) for project in campaigns
        ],
        "pledges": {name: (p.state, p.captured_mad, p.refunded_mad) for name, p in pledges.items()},
        "ledger": sorted(named(key) for key in ledger_keys()),
    }


def test_webhooks_replayed_late_twice_and_out_of_order_leave_the_money_as_delivered_in_order(
    app, client, campaigns, donor, admin
):
    with run_of_its_own() as gateway:

        def deliver_at_once(deliveries):
            for delivery in deliveries:
                assert post(client, delivery).json["duplicate"] is False

        in_order = Campaign(gateway, donor, admin, deliver_at_once)
        in_order.play(*campaigns)
        expected = outcome(campaigns, in_order.pledges)

    with run_of_its_own() as gateway:
        sent = []
        late = Campaign(gateway, donor, admin, sent.extend)
        late.play(*campaigns)
        shuffled = list(sent)
        random.Random(SHUFFLE_SEED).shuffle(shuffled)

        answers = [post(client, delivery) for delivery in [*reversed(sent), *shuffled, *sent]]

        assert {answer.status_code for answer in answers} == {200}
        duplicates = [answer.json["duplicate"] for answer in answers]
        assert duplicates == [False] * len(sent) + [True] * 2 * len(sent)
        assert outcome(campaigns, late.pledges) == expected
        result = app.test_cli_runner().invoke(args=["ledger", "check"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Ledger clean:")
