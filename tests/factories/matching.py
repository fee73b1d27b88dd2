"""Factories for matching funds and the allocations set aside from their pools."""

from datetime import timedelta

import factory

from crowdfund.extensions import db
from crowdfund.matching.models import MatchAllocation, MatchingFund, MatchingFundSector
from crowdfund.timeutil import today
from tests.factories import AdminFactory, BaseFactory, ProjectFactory


class MatchingFundFactory(BaseFactory):
    """A 1:1 fund of 500,000 MAD, open today, without caps, for every region and sector."""

    class Meta:
        model = MatchingFund

    name = factory.Sequence(lambda n: f"Fonds de contrepartie {n}")
    sponsor = "Ministère délégué chargé des Marocains résidant à l'étranger"
    match_numerator = 1
    match_denominator = 1
    pool_amount = 50_000_000
    cap_per_project = None
    cap_per_pledge = None
    starts_on = factory.LazyFunction(lambda: today() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: today() + timedelta(days=30))
    is_active = True
    created_by = factory.SubFactory(AdminFactory)

    @factory.post_generation
    def regions(fund, create, extracted, **kwargs):
        fund.regions.extend(extracted or ())
        if create:
            db.session.flush()

    @factory.post_generation
    def sectors(fund, create, extracted, **kwargs):
        fund.sector_links.extend(MatchingFundSector(sector_code=code) for code in extracted or ())
        if create:
            db.session.flush()


class MatchAllocationFactory(BaseFactory):
    class Meta:
        model = MatchAllocation

    fund = factory.SubFactory(MatchingFundFactory)
    project = factory.SubFactory(ProjectFactory)
    pledge = factory.SubFactory(
        "tests.factories.pledges.PledgeFactory", project=factory.SelfAttribute("..project")
    )
    amount = 100_000
    reversed_amount = 0
