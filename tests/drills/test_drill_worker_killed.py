"""Drill: a gunicorn worker is killed (SIGKILL) in the middle of a donor's payment.

gunicorn serves the application on PostgreSQL, with localstripe as the processor
behind a relay that holds the charge. Two donors' payments are cut: one while the
processor has not seen the charge yet, one once it has charged the card but
before the worker heard of it. Nothing is recorded either way; `flask payments
reconcile` then finishes both pledges: each charged exactly once, captured, no
pledge left waiting, the ledger clean.
"""

import os
import signal
import threading
import uuid

import pytest
import requests
import sqlalchemy as sa
import stripe

from crowdfund.extensions import db
from crowdfund.ledger.models import LedgerTransaction, TransactionKind
from crowdfund.payments.fake_gateway import CARD_SUCCEEDS
from crowdfund.payments.localstripe_control import LocalstripeBrowser
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.reconcile import WAITING
from crowdfund.projects.models import Project
from tests.drills.holding_proxy import HoldingProxy
from tests.drills.processes import Gunicorn, flask_command
from tests.drills.served_app import STRIPE_PUBLISHABLE_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.drill

#: 500 MAD, as the donor types it, and in centimes.
GIFT_TYPED = "500"
GIFT = 50_000


class Donor:
    """A donor's browser: a session on the served site, and localstripe's Stripe.js."""

    def __init__(self, site_url, localstripe_url, secret_key):
        self.site_url = site_url
        self.session = requests.Session()
        self.stripe_js = LocalstripeBrowser(localstripe_url, STRIPE_PUBLISHABLE_KEY, secret_key)

    def log_in(self, email, password):
        answer = self.post("/account/login", {"email": email, "password": password})
        assert answer.status_code == 302, answer.text

    def give(self, project_slug):
        """Send the pledge form; the new pledge's id."""
        answer = self.post(
            f"/projects/{project_slug}/give",
            {
                "amount": GIFT_TYPED,
                "currency": "MAD",
                "show_name": "y",
                "message": "",
                "request_key": uuid.uuid4().hex,
                "step": "pay",
            },
        )
        assert answer.status_code == 302, answer.text
        return int(answer.headers["Location"].rstrip("/").rpartition("/")[2])

    def save_card(self, setup_client_secret):
        """confirmCardSetup with the card that succeeds."""
        payment_method = self.stripe_js.create_card_payment_method(CARD_SUCCEEDS)
        assert self.stripe_js.confirm_card_setup(setup_client_secret, payment_method) == "succeeded"

    def post(self, path, data):
        return self.session.post(
            f"{self.site_url}{path}", data=data, allow_redirects=False, timeout=120
        )


class Processor:
    """localstripe as the test sees it, under the drill's own API key."""

    def __init__(self, url, secret_key):
        self.client = stripe.StripeClient(secret_key, base_addresses={"api": url})

    def setup_client_secret(self, setup_intent_id):
        return self.client.v1.setup_intents.retrieve(setup_intent_id).client_secret

    def succeeded_charges(self, customer_id):
        listed = self.client.v1.charges.list(params={"customer": customer_id, "limit": 100})
        return [charge for charge in listed.data if charge.status == "succeeded"]


def pledge_of(app, pledge_id):
    with app.app_context():
        return db.session.get(Pledge, pledge_id)


def cut_the_card_step(server, relay, donor, pledge_id, after_processor):
    """Post the card step, hold its charge at the relay, SIGKILL the worker serving it.

    Returns what the donor's browser got: an error (the connection died), never an answer.
    """
    relay.released.clear()
    relay.holding.clear()
    relay.hold_next_charge(after_processor=after_processor)
    outcome = {}

    def card_step():
        try:
            outcome["answer"] = donor.post(f"/pledges/{pledge_id}/card", {})
        except requests.ConnectionError as error:
            outcome["error"] = error

    browser = threading.Thread(target=card_step)
    browser.start()
    assert relay.holding.wait(120), "the charge never reached the relay"
    [worker] = server.worker_pids()
    os.kill(worker, signal.SIGKILL)
    relay.released.set()
    browser.join(120)
    server.wait_until_serving()
    return outcome


def test_workers_killed_during_charges_leave_one_charge_each_and_a_clean_ledger_after_reconcile(
    committed_app, world, database_url, localstripe_url, tmp_path
):
    secret_key = f"sk_test_drill_{uuid.uuid4().hex}"
    processor = Processor(localstripe_url, secret_key)
    with committed_app.app_context():
        UserFactory(email="yassine@example.org")
        db.session.commit()
    with (
        HoldingProxy(localstripe_url) as relay,
        Gunicorn(
            database_url,
            tmp_path / "uploads",
            tmp_path / "gunicorn.log",
            payment_gateway="stripe",
            stripe_api_base=relay.url,
            stripe_secret_key=secret_key,
        ) as server,
    ):
        pledges = {}
        for email, after_processor in [
            (world.donor_email, False),
            ("yassine@example.org", True),
        ]:
            donor = Donor(server.url, localstripe_url, secret_key)
            donor.log_in(email, world.password)
            pledge_id = donor.give(world.project_slug)
            setup_intent_id = pledge_of(committed_app, pledge_id).setup_intent_id
            donor.save_card(processor.setup_client_secret(setup_intent_id))

            outcome = cut_the_card_step(server, relay, donor, pledge_id, after_processor)

            assert set(outcome) == {"error"}, f"the card step was answered: {outcome}"
            pledge = pledge_of(committed_app, pledge_id)
            assert (pledge.state, pledge.payment_intent_id) == (PledgeState.PENDING, None)
            charged = processor.succeeded_charges(pledge.customer_id)
            assert len(charged) == (1 if after_processor else 0)
            pledges[pledge_id] = donor

        reconciled = flask_command(server.environment, "payments", "reconcile")
        pages = [
            donor.session.get(f"{server.url}/pledges/{pledge_id}", timeout=60).status_code
            for pledge_id, donor in pledges.items()
        ]

    assert reconciled.returncode == 0, reconciled.stdout + reconciled.stderr
    assert "pledges: 2 pledge(s) checked, 2 moved on" in reconciled.stdout
    assert pages == [200, 200]
    ledger = committed_app.test_cli_runner().invoke(args=["ledger", "check"])
    assert ledger.exit_code == 0, ledger.output
    assert ledger.output.startswith("Ledger clean:")
    with committed_app.app_context():
        waiting = db.session.scalar(
            sa.select(sa.func.count()).select_from(Pledge).where(Pledge.state.in_(WAITING))
        )
        assert waiting == 0
        captured = db.session.scalars(sa.select(Pledge).order_by(Pledge.id)).all()
        assert [(p.state, p.captured_mad) for p in captured] == [(PledgeState.CAPTURED, GIFT)] * 2
        captures = db.session.scalars(
            sa.select(LedgerTransaction.key)
            .where(LedgerTransaction.kind == TransactionKind.CAPTURE)
            .order_by(LedgerTransaction.key)
        ).all()
        assert captures == sorted(f"capture:{p.payment_intent_id}" for p in captured)
        assert db.session.get(Project, world.project_id).raised_amount == 2 * GIFT
        for pledge in captured:
            [charge] = processor.succeeded_charges(pledge.customer_id)
            assert charge.payment_intent == pledge.payment_intent_id
