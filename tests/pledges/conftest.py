"""Pledging through the services with FakeGateway, the browser played by its methods."""

from decimal import Decimal
from itertools import count

import pytest

from crowdfund.extensions import db
from crowdfund.fx.services import record_rate
from crowdfund.payments.fake_gateway import PM_SUCCEEDS
from crowdfund.payments.services import apply_event
from crowdfund.pledges.quotes import quote_pledge
from crowdfund.pledges.services import card_saved, start_pledge
from crowdfund.projects.models import FundingModel
from crowdfund.timeutil import today
from tests.factories import ProjectFactory, UserFactory

_keys = count(1)


@pytest.fixture
def donor():
    return UserFactory(email="amina@example.org", name="Amina El Idrissi")


@pytest.fixture
def project():
    """A flexible project with a goal of 10,000 MAD."""
    return ProjectFactory(funding_model=FundingModel.FLEXIBLE, goal_amount=1_000_000)


@pytest.fixture
def aon_project():
    """An all-or-nothing project with a goal of 10,000 MAD."""
    return ProjectFactory(funding_model=FundingModel.ALL_OR_NOTHING, goal_amount=1_000_000)


@pytest.fixture
def eur_rate():
    return record_rate("EUR", Decimal("10.85"), today(), "Bank Al-Maghrib reference rate")


@pytest.fixture
def begin(donor, gateway):
    """Start a pledge and save its card as the browser would, without confirming it yet."""

    def _begin(project, amount=100_000, currency="MAD", payment_method=PM_SUCCEEDS, who=None):
        quote = quote_pledge(project, amount, currency)
        pledge = start_pledge(
            project,
            who or donor,
            quote,
            show_name=True,
            message="Pour le douar de mes parents",
            gateway=gateway,
            idempotency_key=f"form-{next(_keys)}",
        )
        gateway.confirm_setup_intent(pledge.setup_intent_id, payment_method)
        return pledge

    return _begin


@pytest.fixture
def pledge(begin, gateway):
    """A pledge through the whole browser flow up to `card_saved`."""

    def _pledge(project, amount=100_000, currency="MAD", payment_method=PM_SUCCEEDS, who=None):
        return card_saved(begin(project, amount, currency, payment_method, who), gateway)

    return _pledge


@pytest.fixture
def deliver(gateway):
    """Apply webhook deliveries (those announced so far by default) as the endpoint does."""

    def _deliver(deliveries=None):
        deliveries = gateway.take_deliveries() if deliveries is None else deliveries
        applied = [
            apply_event(gateway.construct_event(delivery.payload, delivery.signature))
            for delivery in deliveries
        ]
        db.session.flush()
        return applied

    return _deliver
