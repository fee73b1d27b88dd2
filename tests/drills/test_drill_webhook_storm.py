"""Drill: a storm of webhooks, sent at once over HTTP to gunicorn on PostgreSQL.

1,000 requests: 650 distinct genuine events (payments that succeeded while their
donors never came back from 3-D Secure, the card-saved notices, more copies of the
successes under other event ids, as processors may send), 300 repeats of them
and 50 forgeries (a genuine body altered, events signed with another secret, a
signature too old), shuffled and posted by 16 senders at once. Forgeries get 400;
the ledger ends identical to the one the distinct events make one after the
other, receipts are numbered without a gap, and the ledger is clean.
"""

import itertools
import json
import random
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import LedgerAccount, LedgerEntry, LedgerTransaction
from crowdfund.payments import get_gateway
from crowdfund.payments.fake_gateway import PM_REQUIRES_AUTHENTICATION, signature_header
from crowdfund.payments.gateway import WEBHOOK_TOLERANCE_SECONDS
from crowdfund.payments.models import ProcessedEvent
from crowdfund.payments.services import apply_event
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.services import card_saved, start_pledge
from crowdfund.projects.models import FundingModel
from crowdfund.receipts.models import Receipt
from tests.drills.processes import Gunicorn
from tests.factories import ProjectFactory, UserFactory
from tests.factories.matching import MatchingFundFactory

pytestmark = pytest.mark.drill

REQUESTS = 1_000
DISTINCT = 650
REPEATS = 300
FORGED = REQUESTS - DISTINCT - REPEATS
#: Donors who authenticate (their payment succeeds), and donors who never do: forgeries
#: claim that these paid.
PAYING_DONORS = 150
UNPAID_DONORS = 25
PROJECTS = 5
SENDERS = 16
GIFT = 50_000
SEED = 56


@dataclass(frozen=True)
class Webhook:
    """A webhook body; a forgery carries its own signature, a genuine one is signed when sent
    (the processor signs each delivery attempt at the time it makes it)."""

    payload: bytes
    forged_signature: str | None = None

    @property
    def genuine(self):
        return self.forged_signature is None

    def signature(self, secret):
        return self.forged_signature or signature_header(self.payload, secret, now())


def prepare_pledges(app):
    """Pledges waiting for 3-D Secure, committed; the processor's deliveries; the unpaid pledges.

    Paying donors authenticate and never come back: only the webhooks tell Twiza.
    """
    with app.app_context():
        gateway = get_gateway()
        MatchingFundFactory()
        projects = [
            ProjectFactory(funding_model=FundingModel.FLEXIBLE, goal_amount=100_000_000)
            for _ in range(PROJECTS)
        ]
        donors = UserFactory.create_batch(10)
        pledges = []
        for number in range(PAYING_DONORS + UNPAID_DONORS):
            project = projects[number % PROJECTS]
            pledge = start_pledge(
                project,
                donors[number % len(donors)],
                quote_pledge(project, GIFT, "MAD"),
                show_name=True,
                message="",
                gateway=gateway,
                idempotency_key=f"{number:032x}",
            )
            gateway.confirm_setup_intent(pledge.setup_intent_id, PM_REQUIRES_AUTHENTICATION)
            pledges.append(card_saved(pledge, gateway))
        db.session.commit()
        assert {pledge.state for pledge in pledges} == {PledgeState.REQUIRES_ACTION}
        for pledge in pledges[:PAYING_DONORS]:
            gateway.complete_authentication(pledge.payment_intent_id)
        unpaid = [(pledge.id, pledge.payment_intent_id) for pledge in pledges[PAYING_DONORS:]]
        return gateway.take_deliveries(), unpaid


def distinct_events(deliveries):
    """The processor's deliveries, and more copies of its successes under other event ids."""
    events = [Webhook(delivery.payload) for delivery in deliveries]
    assert Counter(map(event_type, events)) == {
        "setup_intent.succeeded": PAYING_DONORS + UNPAID_DONORS,
        "payment_intent.succeeded": PAYING_DONORS,
    }
    successes = [event for event in events if event_type(event) == "payment_intent.succeeded"]
    copied = itertools.islice(itertools.cycle(successes), DISTINCT - len(events))
    for number, original in enumerate(copied):
        copy = json.loads(original.payload)
        copy["id"] = f"evt_copy_{number:04d}"
        events.append(Webhook(json.dumps(copy).encode()))
    assert len(events) == DISTINCT
    return events


def forgeries(events, unpaid, webhook_secret, rng):
    """Altered bodies, events signed with another secret, and signatures too old."""
    successes = [event for event in events if event_type(event) == "payment_intent.succeeded"]
    forged = []
    for number in range(FORGED):
        original = rng.choice(successes)
        body = json.loads(original.payload)
        body["id"] = f"evt_forged_{number:04d}"
        kind = number % 5
        if kind in (0, 1):
            # A genuine event's signature over a body claiming ten times the amount.
            body["data"]["object"]["amount"] *= 10
            signature = original.signature(webhook_secret)
            forged.append(Webhook(json.dumps(body).encode(), signature))
            continue
        # A payment that never succeeded, claimed to have succeeded.
        pledge_id, payment_intent_id = unpaid[number % len(unpaid)]
        body["data"]["object"].update(
            id=payment_intent_id, metadata={"pledge_id": str(pledge_id), "attempt": "1"}
        )
        payload = json.dumps(body).encode()
        if kind in (2, 3):
            forged.append(Webhook(payload, signature_header(payload, "whsec_forged", now())))
        else:
            too_old = now() - WEBHOOK_TOLERANCE_SECONDS - 60
            forged.append(Webhook(payload, signature_header(payload, webhook_secret, too_old)))
    return forged


def event_type(webhook):
    return json.loads(webhook.payload)["type"]


def event_object(webhook):
    return json.loads(webhook.payload)["data"]["object"]


def now():
    return int(time.time())


def money_state():
    """The ledger, the pledges and the projects' totals, in terms that do not depend on row ids."""
    entries = db.session.execute(
        sa.select(
            LedgerTransaction.key,
            LedgerTransaction.kind,
            LedgerAccount.kind,
            LedgerAccount.project_id,
            LedgerAccount.matching_fund_id,
            LedgerEntry.amount,
            LedgerEntry.currency,
        )
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .join(LedgerAccount, LedgerAccount.id == LedgerEntry.account_id)
    ).all()
    balances = db.session.execute(
        sa.select(
            LedgerAccount.kind,
            LedgerAccount.project_id,
            LedgerAccount.matching_fund_id,
            LedgerAccount.currency,
            LedgerAccount.balance,
        )
    ).all()
    pledges = db.session.execute(
        sa.select(Pledge.id, Pledge.state, Pledge.captured_mad, Pledge.payment_intent_id)
    ).all()
    return {
        "entries": sorted(map(tuple, entries)),
        "balances": sorted(map(tuple, balances)),
        "pledges": sorted(map(tuple, pledges)),
    }


def ledger_of_the_clean_sequence(app, events):
    """Apply the distinct events one after the other, read the money, and undo it all."""
    with app.app_context():
        gateway = get_gateway()
        secret = app.config["STRIPE_WEBHOOK_SECRET"]
        for event in events:
            apply_event(gateway.construct_event(event.payload, event.signature(secret)))
        db.session.flush()
        state = money_state()
        db.session.rollback()
        return state


def post(url, webhook, secret):
    request = urllib.request.Request(
        url,
        data=webhook.payload,
        headers={"Stripe-Signature": webhook.signature(secret), "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return webhook, response.status
    except urllib.error.HTTPError as error:
        return webhook, error.code


def test_a_storm_of_repeated_shuffled_and_forged_webhooks_leaves_the_ledger_of_the_clean_sequence(
    committed_app, database_url, tmp_path
):
    rng = random.Random(SEED)
    secret = committed_app.config["STRIPE_WEBHOOK_SECRET"]
    deliveries, unpaid = prepare_pledges(committed_app)
    events = distinct_events(deliveries)
    expected = ledger_of_the_clean_sequence(committed_app, events)

    with Gunicorn(
        database_url, tmp_path / "uploads", tmp_path / "gunicorn.log", workers=2, threads=4
    ) as server:
        storm = [*events, *rng.choices(events, k=REPEATS), *forgeries(events, unpaid, secret, rng)]
        rng.shuffle(storm)
        assert len(storm) == REQUESTS
        url = f"{server.url}/webhooks/stripe"
        with ThreadPoolExecutor(SENDERS) as senders:
            answers = list(senders.map(lambda webhook: post(url, webhook, secret), storm))

    statuses = Counter((webhook.genuine, status) for webhook, status in answers)
    assert statuses == {(True, 200): DISTINCT + REPEATS, (False, 400): FORGED}
    with committed_app.app_context():
        assert money_state() == expected
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ProcessedEvent)) == DISTINCT
        captured = db.session.scalar(
            sa.select(sa.func.count()).select_from(Pledge).filter_by(state=PledgeState.CAPTURED)
        )
        assert captured == PAYING_DONORS
        sequences = sorted(db.session.scalars(sa.select(Receipt.sequence)))
        assert sequences == list(range(1, PAYING_DONORS + 1))
        assert check_ledger() == []
