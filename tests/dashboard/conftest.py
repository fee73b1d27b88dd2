"""A donor's pledges made through the real pledge flow (FakeGateway), and many more in bulk."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.projects.models import FundingModel
from crowdfund.timeutil import today, utcnow
from tests.factories import UserFactory
from tests.pledges.conftest import (  # noqa: F401  (fixtures of the pledge flow)
    aon_project,
    begin,
    donor,
    eur_rate,
    pledge,
    project,
)


@pytest.fixture
def other_donor():
    return UserFactory(email="karim@example.org", name="Karim Benjelloun")


@pytest.fixture
def bulk_pledges():
    """Insert `count` captured pledges of `who`, spread over `projects`, in one statement."""

    def _bulk(who, projects, count, amount_mad=100_00):
        now = utcnow()
        rows = [
            {
                "project_id": projects[number % len(projects)].id,
                "donor_id": who.id,
                "state": PledgeState.CAPTURED,
                "funding_model": FundingModel.FLEXIBLE,
                "amount": amount_mad,
                "currency": "MAD",
                "amount_mad": amount_mad,
                "fee_mad": 0,
                "charge_amount": amount_mad,
                "fx_rate_micro": 1_000_000,
                "fx_rate_date": today(),
                "fx_source": "MAD",
                "expected_match_mad": 0,
                "show_name": False,
                "message": "",
                "captured_mad": amount_mad,
                "refunded_mad": 0,
                "attempt": 1,
                "created_at": now - timedelta(days=1, seconds=number),
                "updated_at": now,
                "captured_at": now - timedelta(days=1, seconds=number),
            }
            for number in range(count)
        ]
        db.session.execute(sa.insert(Pledge), rows)
        db.session.flush()

    return _bulk
