"""On PostgreSQL, concurrent pledges and settlements on one project lose no update.

Each thread has its own application context, session and connection, on a
database of its own (committed data, unlike the rest of the suite), dropped at
the end. The threads share one FakeGateway, which answers one call at a time as
the processor answers each request whole.
"""

import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from itertools import count

import pytest
import sqlalchemy as sa

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import LedgerTransaction, TransactionKind
from crowdfund.ledger.reading import balance_of
from crowdfund.matching.models import MatchAllocation, MatchingFund
from crowdfund.matching.pool import pool_account
from crowdfund.matching.services import pool_remaining
from crowdfund.payments import EXTENSION_KEY
from crowdfund.payments.fake_gateway import PM_SUCCEEDS, FakeGateway
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.services import card_saved, start_pledge
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import FundingModel, Project, ProjectState
from tests.factories import ProjectFactory, UserFactory
from tests.factories.matching import MatchingFundFactory

THREADS = 8
#: 1,000 MAD, in centimes.
GIFT = 100_000
_forms = count(1)


class SharedGateway:
    """The FakeGateway the threads share: one call at a time; the PaymentIntents of each pledge."""

    def __init__(self, fake):
        self._fake = fake
        self._lock = threading.Lock()
        #: pledge id -> ids of the PaymentIntents created to charge it
        self.payment_intents = defaultdict(set)

    def __getattr__(self, name):
        method = getattr(self._fake, name)

        def one_at_a_time(*args, **kwargs):
            with self._lock:
                return method(*args, **kwargs)

        return one_at_a_time

    def create_payment_intent(self, *args, metadata, **kwargs):
        with self._lock:
            intent = self._fake.create_payment_intent(*args, metadata=metadata, **kwargs)
            self.payment_intents[int(metadata["pledge_id"])].add(intent.id)
            return intent


@pytest.fixture
def gateway(committed_app, monkeypatch):
    """The suite's `gateway`, for the committed app and its threads."""
    shared = SharedGateway(FakeGateway(committed_app.config["STRIPE_WEBHOOK_SECRET"]))
    monkeypatch.setitem(committed_app.extensions, EXTENSION_KEY, shared)
    return shared


def _committed(app, build):
    """Run `build()` in a context of its own and commit; what it returns (ids, not rows)."""
    with app.app_context():
        built = build()
        db.session.commit()
        return built


def _donors(app, number):
    return _committed(app, lambda: [donor.id for donor in UserFactory.create_batch(number)])


def _project(app, funding_model, **values):
    return _committed(app, lambda: ProjectFactory(funding_model=funding_model, **values).id)


def _start(app, gateway, project_id, donor_id):
    """The pledge form, committed, then Stripe.js saving the card: the pending pledge's id."""
    with app.app_context():
        project = db.session.get(Project, project_id)
        pledge = start_pledge(
            project,
            db.session.get(User, donor_id),
            quote_pledge(project, GIFT, "MAD"),
            show_name=True,
            message="",
            gateway=gateway,
            idempotency_key=f"form-{next(_forms)}",
        )
        pledge_id, setup_intent_id = pledge.id, pledge.setup_intent_id
        db.session.commit()
    gateway.confirm_setup_intent(setup_intent_id, PM_SUCCEEDS)
    return pledge_id


def _save_card(app, gateway, pledge_id):
    """The browser back from Stripe.js: `card_saved`, committed; the state the donor is shown."""
    with app.app_context():
        state = card_saved(db.session.get(Pledge, pledge_id), gateway).state
        db.session.commit()
        return state


def _saved_pledges(app, gateway, project_id, donor_ids):
    pledge_ids = [_start(app, gateway, project_id, donor) for donor in donor_ids]
    for pledge_id in pledge_ids:
        _save_card(app, gateway, pledge_id)
    return pledge_ids


def _settle(app, gateway, project_id):
    """The settlement job, committed: (projects funded, pledges captured) by this run."""
    with app.app_context():
        end_date = db.session.get(Project, project_id).end_date
        done = settle_due_campaigns(gateway, today=end_date + timedelta(days=1))
        outcome = [project.id for project in done.funded], [pledge.id for pledge in done.captured]
        db.session.commit()
        return outcome


def _in_threads(work, threads=THREADS):
    """Run `work(number)` in `threads` threads started together; their results, in order."""
    start = threading.Barrier(threads)

    def run(number):
        start.wait()
        return work(number)

    with ThreadPoolExecutor(threads) as executor:
        return list(executor.map(run, range(threads)))


def _outcome(request, *args):
    """Run a request: what it returns, or the name of the database error that ended it."""
    try:
        return request(*args)
    except sa.exc.OperationalError as error:
        return type(error.orig).__name__


def _post(client, delivery):
    """Post a webhook delivery to the endpoint as the processor does; the answer's status."""

    def post():
        return client.post(
            "/webhooks/stripe",
            data=delivery.payload,
            headers={"Stripe-Signature": delivery.signature},
            content_type="application/json",
        ).status_code

    return _outcome(post)


def _post_webhooks(app, deliveries):
    """Post deliveries to the endpoint from THREADS threads at once; the answers' statuses."""

    def post(number):
        client = app.test_client()
        return [_post(client, delivery) for delivery in deliveries[number::THREADS]]

    return [status for statuses in _in_threads(post) for status in statuses]


def _interleave(app, first, second):
    """Run `first()` and keep its transaction open while `second()` runs in another thread,
    until `second` waits for a lock (or ends without needing one); then commit. Both results."""
    first_done, second_done = threading.Event(), threading.Event()

    def run_first():
        with app.app_context():
            try:
                result = first()
            finally:
                first_done.set()
            _wait_for_a_lock_wait(app, second_done)
            db.session.commit()
            return result

    def run_second():
        first_done.wait()
        try:
            return second()
        finally:
            second_done.set()

    with ThreadPoolExecutor(2) as executor:
        one, two = executor.submit(run_first), executor.submit(run_second)
        return one.result(), two.result()


def _wait_for_a_lock_wait(app, finished):
    """Return once a session of the test's database waits for a lock, or `finished` is set."""
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with engine.connect() as connection:
            for _attempt in range(200):
                waiting = connection.exec_driver_sql(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).scalar()
                if waiting or finished.is_set():
                    return
                time.sleep(0.05)
    finally:
        engine.dispose()
    raise AssertionError("the other thread neither waited for a lock nor finished in 10 s")


def _pledge_states(app, pledge_ids):
    with app.app_context():
        return [db.session.get(Pledge, pledge_id).state for pledge_id in pledge_ids]


def _ledger_transactions(kind):
    return db.session.scalars(sa.select(LedgerTransaction.key).filter_by(kind=kind)).all()


def _assert_charged_once_and_captured_once(gateway, pledge_ids):
    """One PaymentIntent at the processor and one capture in the ledger for each pledge."""
    captures = _ledger_transactions(TransactionKind.CAPTURE)
    assert sorted(len(gateway.payment_intents[pledge_id]) for pledge_id in pledge_ids) == [1] * len(
        pledge_ids
    )
    assert sorted(captures) == sorted(
        f"capture:{intent}"
        for pledge_id in pledge_ids
        for intent in gateway.payment_intents[pledge_id]
    )


def test_concurrent_captures_on_one_project_add_up_and_take_the_pool_exactly_to_zero(
    committed_app, gateway
):
    pledges_each = 4
    # The pool matches 25.5 of the 32 gifts: the last matches take exactly what is left.
    pool = 25 * GIFT + GIFT // 2
    fund_id = _committed(committed_app, lambda: MatchingFundFactory(pool_amount=pool).id)
    project_id = _project(committed_app, FundingModel.FLEXIBLE)
    donors = _donors(committed_app, THREADS)

    failed = threading.Event()

    def pledge_and_save_cards(number):
        pledge_ids = [
            _start(committed_app, gateway, project_id, donors[number]) for _ in range(pledges_each)
        ]
        shown = {}
        for pledge_id in pledge_ids:
            if failed.is_set():
                break  # the test fails already: spare the wait for more deadlocks
            shown[pledge_id] = _outcome(_save_card, committed_app, gateway, pledge_id)
            if shown[pledge_id] != PledgeState.CAPTURED:
                failed.set()
        return shown

    shown = {
        pledge: state
        for thread in _in_threads(pledge_and_save_cards)
        for pledge, state in thread.items()
    }
    pledge_ids = sorted(shown)
    assert set(shown.values()) == {PledgeState.CAPTURED}
    # The processor's webhooks, posted at once, change nothing: each result is applied already.
    assert set(_post_webhooks(committed_app, gateway.take_deliveries())) == {200}
    assert _pledge_states(committed_app, pledge_ids) == [PledgeState.CAPTURED] * len(pledge_ids)
    with committed_app.app_context():
        fund, project = db.session.get(MatchingFund, fund_id), db.session.get(Project, project_id)
        matches = db.session.scalars(sa.select(MatchAllocation.amount)).all()
        assert sum(matches) == pool
        assert sorted(matches) == [GIFT // 2] + [GIFT] * 25
        assert pool_remaining(fund) == 0
        assert balance_of(pool_account(fund)) == 0
        assert project.raised_amount == len(pledge_ids) * GIFT + pool
        assert len(_ledger_transactions(TransactionKind.MATCH)) == len(matches)
        _assert_charged_once_and_captured_once(gateway, pledge_ids)
        assert check_ledger() == []


def test_concurrent_settlements_fund_once_and_charge_each_saved_pledge_once(committed_app, gateway):
    project_id = _project(committed_app, FundingModel.ALL_OR_NOTHING, goal_amount=10 * GIFT)
    pledge_ids = _saved_pledges(committed_app, gateway, project_id, _donors(committed_app, 12))
    assert set(_pledge_states(committed_app, pledge_ids)) == {PledgeState.SAVED}

    runs = _in_threads(lambda _number: _settle(committed_app, gateway, project_id))

    assert [funded for funded, _captured in runs if funded] == [[project_id]]
    assert sorted(pledge for _funded, captured in runs for pledge in captured) == pledge_ids
    assert set(_post_webhooks(committed_app, gateway.take_deliveries())) == {200}
    assert _pledge_states(committed_app, pledge_ids) == [PledgeState.CAPTURED] * len(pledge_ids)
    with committed_app.app_context():
        project = db.session.get(Project, project_id)
        assert project.state == ProjectState.FUNDED
        assert [transition.action for transition in project.transitions] == ["fund"]
        assert project.raised_amount == len(pledge_ids) * GIFT
        _assert_charged_once_and_captured_once(gateway, pledge_ids)
        assert check_ledger() == []


def test_webhooks_racing_the_settlement_capture_each_of_its_charges_once(committed_app, gateway):
    project_id = _project(committed_app, FundingModel.ALL_OR_NOTHING, goal_amount=10 * GIFT)
    pledge_ids = _saved_pledges(committed_app, gateway, project_id, _donors(committed_app, 12))
    gateway.take_deliveries()
    settled = threading.Event()

    def settle_or_post_webhooks(number):
        if number == 0:
            try:
                return _settle(committed_app, gateway, project_id)
            finally:
                # Set even when the settlement fails, so that the other threads end too.
                settled.set()
        # The processor posts each charge's payment_intent.succeeded while the settlement runs.
        client = committed_app.test_client()
        statuses = []
        while True:
            last_look = settled.is_set()
            deliveries = gateway.take_deliveries()
            statuses += [_post(client, delivery) for delivery in deliveries]
            if last_look and not deliveries:
                return statuses
            time.sleep(0.001)

    (funded, captured), *webhooks = _in_threads(settle_or_post_webhooks, threads=3)

    assert funded == [project_id]
    assert captured == pledge_ids
    assert [status for statuses in webhooks for status in statuses] == [200] * len(pledge_ids)
    assert _pledge_states(committed_app, pledge_ids) == [PledgeState.CAPTURED] * len(pledge_ids)
    with committed_app.app_context():
        assert db.session.get(Project, project_id).raised_amount == len(pledge_ids) * GIFT
        _assert_charged_once_and_captured_once(gateway, pledge_ids)
        assert check_ledger() == []


def test_pledges_captured_while_a_flexible_project_settles_are_all_kept(committed_app, gateway):
    project_id = _project(committed_app, FundingModel.FLEXIBLE)
    donors = _donors(committed_app, 10)
    first = _saved_pledges(committed_app, gateway, project_id, donors[:1])
    started = [_start(committed_app, gateway, project_id, donor) for donor in donors[1:]]

    def settle_or_save_cards(number):
        if number == 0:
            return [_settle(committed_app, gateway, project_id) for _run in range(3)]
        return [_save_card(committed_app, gateway, pledge_id) for pledge_id in started]

    runs, shown = _in_threads(settle_or_save_cards, threads=2)
    assert set(_post_webhooks(committed_app, gateway.take_deliveries())) == {200}

    assert [funded for funded, _captured in runs if funded] == [[project_id]]
    # A card saved before the settlement is charged; one saved after is released, not charged.
    states = _pledge_states(committed_app, started)
    assert states == shown
    assert set(states) <= {PledgeState.CAPTURED, PledgeState.RELEASED}
    charged = first + [
        pledge
        for pledge, state in zip(started, states, strict=True)
        if state == PledgeState.CAPTURED
    ]
    assert sorted(gateway.payment_intents) == sorted(charged)
    with committed_app.app_context():
        project = db.session.get(Project, project_id)
        assert project.state == ProjectState.FUNDED
        assert project.raised_amount == len(charged) * GIFT
        _assert_charged_once_and_captured_once(gateway, charged)
        assert check_ledger() == []


def test_a_card_saved_while_the_campaign_is_funded_is_charged_not_released(committed_app, gateway):
    project_id = _project(committed_app, FundingModel.ALL_OR_NOTHING, goal_amount=10 * GIFT)
    donors = _donors(committed_app, 11)
    _saved_pledges(committed_app, gateway, project_id, donors[:10])
    late = _start(committed_app, gateway, project_id, donors[10])

    # The browser comes back as the settlement starts; its request commits a moment later.
    shown, _settled = _interleave(
        committed_app,
        lambda: card_saved(db.session.get(Pledge, late), gateway).state,
        lambda: _settle(committed_app, gateway, project_id),
    )
    _settle(committed_app, gateway, project_id)  # the next run charges what the last one left

    assert shown == PledgeState.SAVED
    assert _pledge_states(committed_app, [late]) == [PledgeState.CAPTURED]


def test_a_flexible_project_is_not_failed_while_a_pledge_to_it_is_being_charged(
    committed_app, gateway
):
    project_id = _project(committed_app, FundingModel.FLEXIBLE)
    [donor] = _donors(committed_app, 1)
    pledge_id = _start(committed_app, gateway, project_id, donor)

    def close_campaign():
        end_date = db.session.get(Project, project_id).end_date
        settle_due_campaigns(gateway, today=end_date + timedelta(days=1))

    # The settlement closes the project, and commits while the donor's card is being charged.
    _interleave(
        committed_app, close_campaign, lambda: _save_card(committed_app, gateway, pledge_id)
    )

    with committed_app.app_context():
        project = db.session.get(Project, project_id)
        charged = bool(gateway.payment_intents[pledge_id])
        assert (project.state, charged) in {
            (ProjectState.FUNDED, True),
            (ProjectState.FAILED, False),
        }
        assert check_ledger() == []
