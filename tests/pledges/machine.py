"""A state machine of the money path: donors, their browsers, the processor and its webhooks.

Hypothesis drives random sequences of what happens to pledges — pledges
started, cards saved (good, declined at charge, asking for 3-D Secure),
browsers that come back or not, 3-D Secure passed or failed, another card after
a decline at settlement, webhooks delivered late, twice or out of order,
reconciliation, campaigns settled (once or twice), action windows passing,
refunds of any amount — and checks after every step that the money adds up,
reading the database, the ledger and the processor rather than a model of its own.

The world (projects, donors, an administrator, matching funds) is built by the
test before the machine runs; each run starts from it in `run_of_its_own`: a
savepoint rolled back at the end and a FakeGateway of its own.

To add a rule: a method decorated with `@rule(...)` that acts through the
services and ends with `self.emitted()`, so that whatever the processor
announced joins the webhooks that may be delivered later. Rules about one
pledge choose it among `self.pledge_ids(condition...)` (the pledges as the
invariants read them after the last step), with the same `@precondition`.
"""

from collections import defaultdict
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from itertools import count

import sqlalchemy as sa
from flask import current_app
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import AccountKind, LedgerAccount, LedgerTransaction, TransactionKind
from crowdfund.ledger.reading import ProjectMoney, money_by_project
from crowdfund.matching.models import MatchAllocation
from crowdfund.payments import EXTENSION_KEY
from crowdfund.payments.fake_gateway import (
    PM_DECLINED_AT_CHARGE,
    PM_REQUIRES_AUTHENTICATION,
    PM_SUCCEEDS,
    FakeGateway,
)
from crowdfund.payments.gateway import IntentStatus
from crowdfund.payments.services import apply_event
from crowdfund.pledges.models import Pledge, PledgeRefund, PledgeState
from crowdfund.pledges.quotes import PledgeRefused, quote_pledge
from crowdfund.pledges.reconcile import WAITING, reconcile_pledges
from crowdfund.pledges.refunds import refund_pledge
from crowdfund.pledges.services import card_saved, payment_completed, replace_card, start_pledge
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import FundingModel, Project, ProjectState, ProjectTransition
from crowdfund.timeutil import today, utcnow
from tests.pledges.helpers import ledger_keys

S = PledgeState
#: States a pledge never leaves for another, whatever arrives late: money was taken or let go.
FINAL_STATES = {
    S.CAPTURED: {S.CAPTURED, S.REFUNDED},
    S.REFUNDED: {S.REFUNDED},
    S.RELEASED: {S.RELEASED},
}
SETTLED_STATES = (ProjectState.FUNDED, ProjectState.FAILED)

cards = st.sampled_from([PM_SUCCEEDS, PM_DECLINED_AT_CHARGE, PM_REQUIRES_AUTHENTICATION])
#: Browsers mostly come back; the other runs are what webhooks and reconciliation are for.
mostly = st.sampled_from([True, True, True, False])
#: A donor's pledge: to which project (see `MoneyWorld.pledged_to`), who, in which currency,
#: how much (MAD centimes, between the smallest gift and about the goals' size), which card
#: (None: not saved yet), and whether the browser comes back to Twiza and sends the form twice.
GIFT = {
    "project": st.integers(min_value=0, max_value=11),
    "donor": st.integers(min_value=0, max_value=1),
    "currency": st.integers(min_value=0, max_value=1),
    "gift": st.integers(min_value=50_00, max_value=1_500_00),
    "card": st.sampled_from([None, PM_SUCCEEDS, PM_DECLINED_AT_CHARGE, PM_REQUIRES_AUTHENTICATION]),
    "comes_back": mostly,
    "form_sent_twice": st.booleans(),
}
refund_sizes = st.sampled_from(["part", "all that is left", "more than is left"])


@dataclass(frozen=True)
class MoneyWorld:
    """What the machine plays with; built by the test, kept by every run."""

    projects: tuple
    donors: tuple
    admin: object
    funds: tuple
    #: The currencies donors pay in; each one but MAD has a rate recorded.
    currencies: tuple = ("MAD", "EUR")

    def pledged_to(self, index):
        """The project of pledge number `index`: all-or-nothing ones come up twice as often,
        since more steps must happen before their cards are charged."""
        weighted = [
            project
            for project in self.projects
            for _ in range(2 if project.funding_model == FundingModel.ALL_OR_NOTHING else 1)
        ]
        return weighted[index % len(weighted)]


@contextmanager
def run_of_its_own():
    """A FakeGateway of its own serving the app, and a savepoint rolled back at the end.

    Yields the gateway. Several runs can follow one another in a test: each
    starts from the data the test made before it, with a processor that has
    seen nothing (its idempotency keys name pledge ids, which SQLite hands out
    again after a rollback).
    """
    app = current_app._get_current_object()
    known_before = set(db.session.identity_map.keys())
    savepoint = db.session.begin_nested()
    replaced = app.extensions[EXTENSION_KEY]
    gateway = FakeGateway(webhook_secret=app.config["STRIPE_WEBHOOK_SECRET"])
    app.extensions[EXTENSION_KEY] = gateway  # for the webhook handlers
    try:
        yield gateway
    finally:
        app.extensions[EXTENSION_KEY] = replaced
        savepoint.rollback()
        # The rollback forgets the objects created in the savepoint, but not those read back
        # after the session had let them go: the next run's rows could take their ids.
        for key in set(db.session.identity_map.keys()) - known_before:
            db.session.expunge(db.session.identity_map[key])


class MoneyMachine(RuleBasedStateMachine):
    #: Set by the test (see `machine_for`).
    world: MoneyWorld = None

    def __init__(self):
        super().__init__()
        self.run = ExitStack()
        self.gateway = self.run.enter_context(run_of_its_own())
        #: The day settlement runs on; it only moves forward.
        self.day = today()
        #: Every webhook the processor sent, oldest first, and the events in them.
        self.sent = []
        self.announced = []
        self.forms = count(1)
        #: The pledges as the invariants read them after the last step (rules choose among them).
        self.pledge_rows = {}
        self.settled = {}

    def teardown(self):
        self.run.close()

    # What rules choose from: the state after the last step.

    def pledge_ids(self, *conditions):
        """Ids of the pledges whose row (as read after the last step) meets every condition."""
        return sorted(
            pledge_id
            for pledge_id, row in self.pledge_rows.items()
            if all(condition(self, row) for condition in conditions)
        )

    def card_not_saved(self, row):
        return self.gateway.retrieve_setup_intent(row.setup_intent_id).status != (
            IntentStatus.SUCCEEDED
        )

    def waiting_for_3d_secure(self, row):
        return (
            row.payment_intent_id is not None
            and self.gateway.retrieve_payment_intent(row.payment_intent_id).next_action_needed
        )

    def pending(self, row):
        return row.state == S.PENDING

    def captured(self, row):
        return row.state == S.CAPTURED

    def failed(self, row):
        return row.state == S.FAILED

    # Helpers.

    def emitted(self):
        """Keep what the processor announced since the last call: deliverable at any time now."""
        new = self.gateway.take_deliveries()
        self.sent.extend(new)
        self.announced.extend(self.gateway.construct_event(d.payload, d.signature) for d in new)

    def events(self, *prefixes):
        """What the processor announced, of the types starting with one of `prefixes`."""
        return [event for event in self.announced if event.type.startswith(prefixes)]

    def settle(self, twice):
        settle_due_campaigns(self.gateway, today=self.day)
        if twice:
            keys = ledger_keys()
            again = settle_due_campaigns(self.gateway, today=self.day)
            assert not any(vars(again).values()), f"a second run did more: {again}"
            assert ledger_keys() == keys
        self.emitted()

    def money_snapshot(self):
        """Everything a refused refund must leave as it was."""
        rows = [
            sa.select(Pledge.id, Pledge.state, Pledge.refunded_mad).order_by(Pledge.id),
            sa.select(Project.id, Project.raised_amount).order_by(Project.id),
            sa.select(MatchAllocation.id, MatchAllocation.reversed_amount).order_by(
                MatchAllocation.id
            ),
            sa.select(PledgeRefund.id).order_by(PledgeRefund.id),
            sa.select(LedgerAccount.id, LedgerAccount.balance).order_by(LedgerAccount.id),
        ]
        return ledger_keys(), [db.session.execute(query).all() for query in rows]

    # Donors and their browsers.

    @initialize(gifts=st.lists(st.fixed_dictionaries(GIFT), min_size=2, max_size=8))
    def donors_pledge_as_the_campaigns_open(self, gifts):
        """Every run starts with money on the move: a few pledges, their cards saved or not."""
        for gift in gifts:
            self.donor_pledges(**gift)

    @rule(**GIFT)
    def donor_pledges(self, project, donor, currency, gift, card, comes_back, form_sent_twice):
        """Start a pledge; the browser saves a card (or not yet) and comes back (or not yet)."""
        project = self.world.pledged_to(project)
        donor = self.world.donors[donor % len(self.world.donors)]
        currency = self.world.currencies[currency % len(self.world.currencies)]
        amount = gift if currency == "MAD" else gift // 10
        form = f"form-{next(self.forms)}"

        def send_the_form():
            return start_pledge(
                project,
                donor,
                quote_pledge(project, amount, currency),
                show_name=False,
                message="",
                gateway=self.gateway,
                idempotency_key=form,
            )

        try:
            pledge = send_the_form()
        except PledgeRefused:
            assert project.state != ProjectState.LIVE
            return
        assert (project.state, pledge.state) == (ProjectState.LIVE, S.PENDING)
        if form_sent_twice:
            assert send_the_form().id == pledge.id
        if card is not None:
            self.browser_confirms_the_card(pledge, card, authenticates=True, comes_back=comes_back)
        self.emitted()

    def browser_confirms_the_card(self, pledge, card, authenticates, comes_back):
        """confirmCardSetup (3-D Secure passed or failed), then back to Twiza, or lost."""
        self.gateway.confirm_setup_intent(pledge.setup_intent_id, card, authenticate=authenticates)
        if comes_back:
            self.card_saved_or_refused(pledge)

    def card_saved_or_refused(self, pledge):
        before = pledge.state
        try:
            card_saved(pledge, self.gateway)
        except PledgeRefused:
            assert self.card_not_saved(pledge)
            assert pledge.state == before

    @precondition(lambda self: self.pledge_ids(MoneyMachine.card_not_saved))
    @rule(data=st.data(), card=cards, authenticates=st.booleans(), comes_back=st.booleans())
    def browser_saves_a_card_later(self, data, card, authenticates, comes_back):
        pledge_id = data.draw(st.sampled_from(self.pledge_ids(MoneyMachine.card_not_saved)))
        pledge = db.session.get(Pledge, pledge_id)
        self.browser_confirms_the_card(pledge, card, authenticates, comes_back)
        self.emitted()

    @precondition(lambda self: self.pledge_ids(MoneyMachine.pending))
    @rule(data=st.data())
    def browser_comes_back_late(self, data):
        pledge_id = data.draw(st.sampled_from(self.pledge_ids(MoneyMachine.pending)))
        self.card_saved_or_refused(db.session.get(Pledge, pledge_id))
        self.emitted()

    @precondition(lambda self: self.pledge_ids(MoneyMachine.waiting_for_3d_secure))
    @rule(data=st.data(), passes=st.booleans(), comes_back=st.booleans())
    def donor_answers_3d_secure(self, data, passes, comes_back):
        """confirmCardPayment, passed or failed; the browser may never come back to Twiza."""
        pledge_id = data.draw(st.sampled_from(self.pledge_ids(MoneyMachine.waiting_for_3d_secure)))
        pledge = db.session.get(Pledge, pledge_id)
        self.gateway.complete_authentication(pledge.payment_intent_id, success=passes)
        if comes_back:
            payment_completed(pledge, self.gateway)
        self.emitted()

    @precondition(lambda self: self.pledge_ids(MoneyMachine.failed))
    @rule(data=st.data(), card=cards, comes_back=st.booleans())
    def donor_gives_another_card(self, data, card, comes_back):
        """After a decline: allowed only for an all-or-nothing charge of a funded campaign."""
        pledge = db.session.get(
            Pledge, data.draw(st.sampled_from(self.pledge_ids(MoneyMachine.failed)))
        )
        attempt, setup_intent_id = pledge.attempt, pledge.setup_intent_id
        try:
            replace_card(pledge, self.gateway)
        except PledgeRefused:
            assert (pledge.state, pledge.attempt, pledge.setup_intent_id) == (
                S.FAILED,
                attempt,
                setup_intent_id,
            )
            return
        assert pledge.funding_model == FundingModel.ALL_OR_NOTHING
        assert pledge.project.state == ProjectState.FUNDED
        assert (pledge.state, pledge.attempt) == (S.PENDING, attempt + 1)
        assert pledge.setup_intent_id != setup_intent_id
        self.browser_confirms_the_card(pledge, card, authenticates=True, comes_back=comes_back)
        self.emitted()

    # The processor and the periodic jobs.

    def apply(self, deliveries):
        for delivery in deliveries:
            apply_event(self.gateway.construct_event(delivery.payload, delivery.signature))
        db.session.flush()
        self.emitted()

    @precondition(lambda self: self.sent)
    @rule(data=st.data())
    def processor_delivers_a_webhook(self, data):
        """Any webhook sent so far, whether delivered before or not: late, again, out of order."""
        self.apply([data.draw(st.sampled_from(self.sent))])

    @precondition(lambda self: self.sent)
    @rule(backwards=st.booleans())
    def processor_delivers_every_webhook_again(self, backwards):
        """Once every webhook has arrived, Twiza knows of every payment the processor took."""
        self.apply(list(reversed(self.sent)) if backwards else list(self.sent))
        self.assert_every_payment_taken_is_captured(Pledge.payment_intent_id.is_not(None))

    @rule(minutes=st.integers(min_value=0, max_value=30))
    def reconcile_runs(self, minutes):
        """`minutes` from now: only pledges waiting longer than the setting are looked at.

        Those it looks at are left waiting only if the processor says they still wait.
        """
        now = utcnow() + timedelta(minutes=minutes)
        old_enough = now - timedelta(minutes=current_app.config["PLEDGE_PENDING_RECONCILE_MINUTES"])
        waiting = db.session.scalars(
            sa.select(Pledge.id).where(Pledge.state.in_(WAITING), Pledge.created_at < old_enough)
        ).all()
        reconcile_pledges(self.gateway, now=now)
        self.emitted()
        self.assert_every_payment_taken_is_captured(Pledge.id.in_(waiting))

    def assert_every_payment_taken_is_captured(self, *conditions):
        """Of the pledges meeting `conditions`, those whose payment succeeded are captured."""
        rows = db.session.execute(
            sa.select(Pledge.id, Pledge.state, Pledge.payment_intent_id).where(*conditions)
        )
        for pledge_id, state, payment_intent_id in rows:
            if payment_intent_id is None:
                continue
            intent = self.gateway.retrieve_payment_intent(payment_intent_id)
            if intent.status == IntentStatus.SUCCEEDED:
                assert state in (S.CAPTURED, S.REFUNDED), f"pledge {pledge_id} is {state}"

    @rule(days=st.integers(min_value=0, max_value=9), twice=st.booleans())
    def days_pass_and_campaigns_settle(self, days, twice):
        """Campaigns past their end date close, and action deadlines come `days` nearer."""
        self.day += timedelta(days=days)
        waiting = db.session.scalars(sa.select(Pledge).where(Pledge.action_deadline.is_not(None)))
        for pledge in waiting:
            pledge.action_deadline -= timedelta(days=days)
        db.session.flush()
        self.settle(twice)

    # The administrator.

    @precondition(lambda self: self.pledge_ids(MoneyMachine.captured))
    @rule(data=st.data(), size=refund_sizes, part=st.integers(min_value=1, max_value=2_000_00))
    def admin_refunds(self, data, size, part):
        """Part or all of what is left, or more, mostly of a captured pledge.

        A refund refused (too much, or a pledge not captured) must change nothing.
        """
        pledge_id = data.draw(
            st.sampled_from(self.pledge_ids(MoneyMachine.captured))
            | st.sampled_from(self.pledge_ids())
        )
        pledge = db.session.get(Pledge, pledge_id)
        left = pledge.captured_mad - pledge.refunded_mad
        amount = {
            "part": min(part, left) if left else part,
            "all that is left": left or part,
            "more than is left": left + part,
        }[size]
        allowed = pledge.state == S.CAPTURED and 0 < amount <= left
        raised_before = pledge.project.raised_amount
        before = self.money_snapshot()
        try:
            refund = refund_pledge(
                pledge, amount, "Asked by the donor", self.world.admin, self.gateway
            )
        except PledgeRefused:
            assert not allowed or self.worth_nothing_to_the_donor(pledge, amount)
            assert self.money_snapshot() == before
            assert self.gateway.take_deliveries() == []  # the processor was not asked
            return
        assert allowed
        assert refund.amount_mad == amount
        assert pledge.project.raised_amount == raised_before - amount - refund.match_reversed_mad
        self.emitted()

    @staticmethod
    def worth_nothing_to_the_donor(pledge, amount_mad):
        """Whether `amount_mad` rounds to no minor unit of the donor's currency."""
        given_back = pledge.refunded_mad * pledge.amount // pledge.captured_mad
        return (pledge.refunded_mad + amount_mad) * pledge.amount // pledge.captured_mad == (
            given_back
        )

    # Invariants: read from the database, the ledger and the processor.

    @invariant()
    def the_ledger_keeps_its_invariants(self):
        assert check_ledger() == []

    @invariant()
    def each_project_raised_its_pledges_and_matches(self):
        """raised_amount = the ledger = captured pledges − refunds + active matches."""
        pledged = dict(
            db.session.execute(
                sa.select(
                    Pledge.project_id, sa.func.sum(Pledge.captured_mad - Pledge.refunded_mad)
                ).group_by(Pledge.project_id)
            ).all()
        )
        matched = dict(
            db.session.execute(
                sa.select(
                    MatchAllocation.project_id,
                    sa.func.sum(MatchAllocation.amount - MatchAllocation.reversed_amount),
                ).group_by(MatchAllocation.project_id)
            ).all()
        )
        ledger = money_by_project()
        for project_id, raised in db.session.execute(
            sa.select(Project.id, Project.raised_amount).where(
                Project.id.in_([project.id for project in self.world.projects])
            )
        ):
            money = ledger.get(project_id, ProjectMoney("MAD"))
            assert raised == money.raised == money.pledges + money.matching
            assert money.pledges == int(pledged.get(project_id) or 0)
            assert money.matching == int(matched.get(project_id) or 0)
            assert (money.co_funding, money.disbursed) == (0, 0)

    @invariant()
    def each_payment_is_captured_once_and_for_what_the_donor_was_told(self):
        captured = db.session.execute(
            sa.select(Pledge.id, Pledge.payment_intent_id, Pledge.charge_amount, Pledge.currency)
            .where(Pledge.captured_mad > 0)
            .order_by(Pledge.id)
        ).all()
        capture_keys = db.session.scalars(
            sa.select(LedgerTransaction.key).where(
                LedgerTransaction.kind == TransactionKind.CAPTURE,
                LedgerTransaction.reverses_id.is_(None),
            )
        ).all()
        assert sorted(capture_keys) == sorted(
            f"capture:{row.payment_intent_id}" for row in captured
        )
        for row in captured:
            intent = self.gateway.retrieve_payment_intent(row.payment_intent_id)
            assert intent.status == IntentStatus.SUCCEEDED
            assert (intent.amount, intent.currency) == (row.charge_amount, row.currency)
        paid = defaultdict(set)
        for event in self.events("payment_intent.succeeded"):
            paid[event.data["metadata"]["pledge_id"]].add(event.object_id)
        charged_twice = {pledge: intents for pledge, intents in paid.items() if len(intents) > 1}
        assert charged_twice == {}

    @invariant()
    def the_processor_gave_back_what_twiza_recorded(self):
        given_back = defaultdict(int)
        for event in self.events("charge.refunded"):
            intent = event.data["payment_intent"]
            given_back[intent] = max(given_back[intent], event.data["amount_refunded"])
        recorded = db.session.execute(
            sa.select(Pledge.payment_intent_id, sa.func.sum(PledgeRefund.amount))
            .join(PledgeRefund.pledge)
            .group_by(Pledge.payment_intent_id)
        ).all()
        assert dict(given_back) == {intent: int(amount) for intent, amount in recorded}

    @invariant()
    def pools_hold_what_their_sponsor_gave_less_the_matches(self):
        for fund in self.world.funds:
            balances = dict(
                db.session.execute(
                    sa.select(LedgerAccount.kind, LedgerAccount.balance).where(
                        LedgerAccount.matching_fund_id == fund.id
                    )
                ).all()
            )
            pool = balances.get(AccountKind.MATCHING_POOL, 0)
            given = -balances.get(AccountKind.SPONSOR_FUNDING, 0)
            used = db.session.scalar(
                sa.select(
                    sa.func.coalesce(
                        sa.func.sum(MatchAllocation.amount - MatchAllocation.reversed_amount), 0
                    )
                ).where(MatchAllocation.matching_fund_id == fund.id)
            )
            assert given in (0, fund.pool_amount)
            assert 0 <= pool <= given
            assert pool == given - int(used)

    @invariant()
    def a_campaign_is_settled_once_and_a_failed_one_keeps_no_money(self):
        settlements = dict(
            db.session.execute(
                sa.select(ProjectTransition.project_id, sa.func.count())
                .where(ProjectTransition.action.in_(("fund", "fail")))
                .group_by(ProjectTransition.project_id)
            ).all()
        )
        projects = db.session.execute(
            sa.select(Project.id, Project.state, Project.raised_amount).where(
                Project.id.in_([project.id for project in self.world.projects])
            )
        )
        for project_id, state, raised in projects:
            if state not in SETTLED_STATES:
                assert settlements.get(project_id, 0) == 0
                continue
            assert settlements[project_id] == 1
            assert self.settled.setdefault(project_id, state) == state
            if state == ProjectState.FAILED:
                assert raised == 0  # and so is what the ledger holds for it (see above)

    @invariant()
    def all_or_nothing_cards_are_charged_only_once_the_campaign_is_funded(self):
        charged = {
            int(event.data["metadata"]["pledge_id"]) for event in self.events("payment_intent.")
        }
        rows = db.session.execute(
            sa.select(Pledge.id, Pledge.payment_intent_id, Project.state)
            .join(Pledge.project)
            .where(Pledge.funding_model == FundingModel.ALL_OR_NOTHING)
        )
        for pledge_id, payment_intent_id, project_state in rows:
            if payment_intent_id is not None or pledge_id in charged:
                assert project_state == ProjectState.FUNDED

    @invariant()
    def pledges_never_go_back_on_money_taken_or_let_go(self):
        refunded = dict(
            db.session.execute(
                sa.select(PledgeRefund.pledge_id, sa.func.sum(PledgeRefund.amount_mad)).group_by(
                    PledgeRefund.pledge_id
                )
            ).all()
        )
        rows = db.session.execute(
            sa.select(
                Pledge.id,
                Pledge.state,
                Pledge.amount_mad,
                Pledge.captured_mad,
                Pledge.refunded_mad,
                Pledge.setup_intent_id,
                Pledge.payment_intent_id,
            )
        ).all()
        for row in rows:
            previous = self.pledge_rows.get(row.id)
            if previous is not None:
                assert row.state in FINAL_STATES.get(previous.state, {row.state}), (
                    f"pledge {row.id}: {previous.state} → {row.state}"
                )
            assert row.captured_mad in (0, row.amount_mad)
            assert (row.captured_mad > 0) == (row.state in (S.CAPTURED, S.REFUNDED))
            assert row.refunded_mad == int(refunded.get(row.id) or 0)
            assert (row.state == S.REFUNDED) == (0 < row.captured_mad == row.refunded_mad)
            if row.state == S.RELEASED:
                assert row.payment_intent_id is None
        self.pledge_rows = {row.id: row for row in rows}


def machine_for(world):
    """The machine playing in `world`."""
    return type("MoneyMachineOfTheTest", (MoneyMachine,), {"world": world})
