"""Drill: PostgreSQL ends the application's connection (pg_terminate_backend).

In the middle of a transaction, right after its first write, the request fails
cleanly: the error page, nothing of it written, the webhook not marked as
processed so the processor's retry applies it. The next request succeeds. Idle
connections killed between requests are noticed before use (pool pre-ping).
"""

import uuid
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import LedgerTransaction
from crowdfund.payments import get_gateway
from crowdfund.payments.fake_gateway import PM_REQUIRES_AUTHENTICATION
from crowdfund.payments.models import ProcessedEvent
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.services import card_saved, start_pledge
from crowdfund.projects.models import Project

pytestmark = pytest.mark.drill

GIFT = 50_000


class Terminator:
    """Ends PostgreSQL backends from a connection of its own, as an operator or a failover does."""

    def __init__(self, database_url):
        self.engine = sa.create_engine(database_url, isolation_level="AUTOCOMMIT")

    def terminate(self, pid):
        with self.engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid}
            ).scalar()

    def terminate_idle_connections(self):
        """End every other connection to the database that is idle; how many were ended."""
        with self.engine.connect() as connection:
            return connection.execute(
                sa.text(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))"
                    " FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND state = 'idle'"
                )
            ).scalar()

    @contextmanager
    def after_first(self, engine, statement_start):
        """End the connection that runs the first statement beginning with `statement_start`,
        right after it ran; yields the list of statements cut this way (one at most)."""
        cut = []

        def end_connection(connection, _cursor, statement, *_args):
            if cut or not statement.startswith(statement_start):
                return
            cut.append(statement)
            self.terminate(connection.connection.dbapi_connection.info.backend_pid)

        sa.event.listen(engine, "after_cursor_execute", end_connection)
        try:
            yield cut
        finally:
            sa.event.remove(engine, "after_cursor_execute", end_connection)

    def dispose(self):
        self.engine.dispose()


@pytest.fixture
def terminator(database_url):
    terminator = Terminator(database_url)
    yield terminator
    terminator.dispose()


@pytest.fixture
def served(committed_app):
    """The committed application answering as in production: errors end in the error page."""
    committed_app.testing = False
    return committed_app


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def pledge_form():
    return {
        "amount": "500",
        "currency": "MAD",
        "message": "",
        "request_key": uuid.uuid4().hex,
        "step": "pay",
    }


def test_a_pledge_cut_off_from_the_database_fails_cleanly_and_the_next_one_succeeds(
    served, world, terminator
):
    client = served.test_client()
    login = client.post(
        "/account/login", data={"email": world.donor_email, "password": world.password}
    )
    assert login.status_code == 302

    with served.app_context(), terminator.after_first(db.engine, "INSERT INTO pledges") as cut:
        failed = client.post(f"/projects/{world.project_slug}/give", data=pledge_form())

    assert len(cut) == 1, "the drill did not cut the pledge's transaction"
    assert failed.status_code == 500
    page = failed.get_data(as_text=True)
    assert "<h1>500</h1>" in page
    assert "Something went wrong." in page
    with served.app_context():
        assert count(Pledge) == 0

    done = client.post(f"/projects/{world.project_slug}/give", data=pledge_form())

    assert done.status_code == 302
    with served.app_context():
        [pledge] = db.session.scalars(sa.select(Pledge)).all()
        assert pledge.state == PledgeState.PENDING
        assert pledge.setup_intent_id is not None
        assert done.headers["Location"].endswith(f"/pledges/{pledge.id}")


def test_a_webhook_cut_off_from_the_database_is_not_marked_processed_and_its_retry_applies(
    served, world, terminator
):
    with served.app_context():
        gateway = get_gateway()
        project = db.session.get(Project, world.project_id)
        donor = db.session.scalar(sa.select(User).filter_by(email=world.donor_email))
        pledge = start_pledge(
            project,
            donor,
            quote_pledge(project, GIFT, "MAD"),
            show_name=True,
            message="",
            gateway=gateway,
            idempotency_key=uuid.uuid4().hex,
        )
        gateway.confirm_setup_intent(pledge.setup_intent_id, PM_REQUIRES_AUTHENTICATION)
        card_saved(pledge, gateway)
        db.session.commit()
        assert pledge.state == PledgeState.REQUIRES_ACTION
        gateway.take_deliveries()
        gateway.complete_authentication(pledge.payment_intent_id)
        [succeeded] = [
            delivery
            for delivery in gateway.take_deliveries()
            if b'"payment_intent.succeeded"' in delivery.payload
        ]
        pledge_id = pledge.id
    client = served.test_client()

    def post_webhook():
        return client.post(
            "/webhooks/stripe",
            data=succeeded.payload,
            headers={"Stripe-Signature": succeeded.signature, "Content-Type": "application/json"},
        )

    with served.app_context(), terminator.after_first(db.engine, "INSERT INTO processed_events"):
        failed = post_webhook()

    assert failed.status_code == 500
    with served.app_context():
        assert count(ProcessedEvent) == 0
        assert count(LedgerTransaction) == 0
        assert db.session.get(Pledge, pledge_id).state == PledgeState.REQUIRES_ACTION

    retried = post_webhook()

    assert retried.status_code == 200
    assert retried.json["duplicate"] is False
    with served.app_context():
        pledge = db.session.get(Pledge, pledge_id)
        assert (pledge.state, pledge.captured_mad) == (PledgeState.CAPTURED, GIFT)
        assert count(ProcessedEvent) == 1
        assert check_ledger() == []


def test_idle_connections_ended_between_requests_are_replaced_before_use(served, world, terminator):
    client = served.test_client()
    assert client.get(f"/projects/{world.project_slug}").status_code == 200

    ended = terminator.terminate_idle_connections()

    assert ended >= 1
    for _request in range(3):
        assert client.get(f"/projects/{world.project_slug}").status_code == 200
