"""The path one pledge takes, step by step, each step committed as its request commits it.

1. the pledge form is sent: `quote_pledge` and `start_pledge`, commit;
2. Stripe.js saves the card (`confirm_setup_intent` at the FakeGateway);
3. the browser comes back: `card_saved` (a flexible pledge is charged and
   captured there, with its match), commit;
4. the processor's webhooks (`setup_intent.succeeded`, and
   `payment_intent.succeeded` for a charge) are posted, signed, to
   POST /webhooks/stripe through the test client: the endpoint commits.

Steps 1 and 3 each run in an application context (and so a session) of their own.
"""

import time
from dataclasses import dataclass, field

import psycopg
import sqlalchemy as sa

from bench.database import BenchmarkRefused
from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.payments.fake_gateway import PM_SUCCEEDS, FakeGateway
from crowdfund.pledges.models import Pledge
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.services import card_saved, start_pledge
from crowdfund.projects.models import Project

#: Every pledge is 20 EUR.
AMOUNT_EUR = 20_00
STEPS = ("pledge form", "card saved", "webhooks")
#: Stripe posts a webhook again when the endpoint fails; the benchmark does at once.
WEBHOOK_ATTEMPTS = 5


@dataclass(frozen=True)
class PlannedPledge:
    project_id: int
    donor_id: int
    #: The pledge form's idempotency key.
    key: str
    flexible: bool


@dataclass
class Tally:
    """Seconds spent in each step, and requests PostgreSQL ended to break a deadlock."""

    step_seconds: dict = field(default_factory=lambda: dict.fromkeys(STEPS, 0.0))
    deadlocks: int = 0


class WorkerGateway(FakeGateway):
    """The FakeGateway of one worker process: its ids carry the worker's number, as Stripe's
    ids are unique whichever server asks."""

    def __init__(self, webhook_secret, worker):
        super().__init__(webhook_secret)
        self._worker = worker

    def _new_id(self, prefix):
        return super()._new_id(f"{prefix}_w{self._worker}")


def make_pledge(app, gateway, client, planned, tally):
    """One pledge along the path of a real one; its steps' times and deadlocks go to `tally`."""
    clock = time.perf_counter()
    with app.app_context():
        project = db.session.get(Project, planned.project_id)
        donor = db.session.get(User, planned.donor_id)
        quote = quote_pledge(project, AMOUNT_EUR, "EUR")
        pledge = start_pledge(
            project,
            donor,
            quote,
            show_name=True,
            message="",
            gateway=gateway,
            idempotency_key=planned.key,
        )
        pledge_id, setup_intent_id = pledge.id, pledge.setup_intent_id
        db.session.commit()
    clock = _lap(tally, "pledge form", clock)
    gateway.confirm_setup_intent(setup_intent_id, PM_SUCCEEDS)
    try:
        with app.app_context():
            card_saved(db.session.get(Pledge, pledge_id), gateway)
            db.session.commit()
    except sa.exc.OperationalError as error:
        # The donor gets an error page; the webhooks below finish the pledge.
        _count_deadlock(error, tally)
    clock = _lap(tally, "card saved", clock)
    post_webhooks(gateway, client, tally)
    _lap(tally, "webhooks", clock)


def post_webhooks(gateway, client, tally):
    """Post the processor's webhooks; one that fails is posted again, as Stripe does."""
    for delivery in gateway.take_deliveries():
        for _attempt in range(WEBHOOK_ATTEMPTS):
            try:
                response = client.post(
                    "/webhooks/stripe",
                    data=delivery.payload,
                    headers={"Stripe-Signature": delivery.signature},
                    content_type="application/json",
                )
            except sa.exc.OperationalError as error:
                _count_deadlock(error, tally)
                continue
            if response.status_code != 200 or response.json["duplicate"]:
                raise BenchmarkRefused(f"webhook answered {response.status_code}: {response.json}")
            break
        else:
            raise BenchmarkRefused(f"a webhook failed {WEBHOOK_ATTEMPTS} times")


def _count_deadlock(error, tally):
    """Count a request PostgreSQL ended to break a deadlock; any other error stops the run."""
    if not isinstance(error.orig, psycopg.errors.DeadlockDetected):
        raise error
    tally.deadlocks += 1


def _lap(tally, step, since):
    now = time.perf_counter()
    tally.step_seconds[step] += now - since
    return now
