"""Pledges as the pledge flow leaves them, for tests that need one without the processor."""

import factory

from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.projects.models import FundingModel
from crowdfund.timeutil import today
from tests.factories import BaseFactory, ProjectFactory, UserFactory


class PledgeFactory(BaseFactory):
    """A pending pledge of 500 MAD to a flexible project, with its 3% processing cost."""

    class Meta:
        model = Pledge

    project = factory.SubFactory(ProjectFactory)
    donor = factory.SubFactory(UserFactory)
    state = PledgeState.PENDING
    funding_model = FundingModel.FLEXIBLE
    amount = 50_000
    currency = "MAD"
    amount_mad = 50_000
    fee_mad = 1_800
    charge_amount = 51_800
    fx_rate_micro = 1_000_000
    fx_rate_date = factory.LazyFunction(today)
    fx_source = "MAD"
    expected_match_mad = 0
    show_name = True
    message = ""
    captured_mad = 0
    refunded_mad = 0
