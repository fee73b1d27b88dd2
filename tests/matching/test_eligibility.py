"""eligible_funds: active, open on the day, and taking the project's region and sector."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.models import Region
from crowdfund.matching.services import eligible_funds
from crowdfund.timeutil import today
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory, any_commune
from tests.factories.matching import MatchingFundFactory


def _region(code):
    return db.session.scalar(sa.select(Region).filter_by(code=code))


@pytest.fixture
def project():
    """A drinking-water project in commune C0001."""
    return ProjectFactory(sector_code="14031", commune=any_commune("C0001"))


def _eligible(project, on_date=None):
    return eligible_funds(project, on_date or today())


def test_a_fund_without_regions_or_sectors_takes_every_project(project):
    fund = MatchingFundFactory()

    assert _eligible(project) == [fund]


@pytest.mark.parametrize(
    ("starts", "ends", "eligible"),
    [(0, 0, True), (-10, 0, True), (0, 10, True), (1, 10, False), (-10, -1, False)],
    ids=["only today", "ends today", "starts today", "starts tomorrow", "ended yesterday"],
)
def test_a_fund_matches_only_within_its_dates(project, starts, ends, eligible):
    fund = MatchingFundFactory(
        starts_on=today() + timedelta(days=starts), ends_on=today() + timedelta(days=ends)
    )

    assert (fund in _eligible(project)) is eligible


def test_the_date_asked_for_decides_not_today(project):
    fund = MatchingFundFactory(starts_on=today() + timedelta(days=5))

    assert _eligible(project) == []
    assert _eligible(project, today() + timedelta(days=5)) == [fund]


def test_an_inactive_fund_matches_nothing(project):
    MatchingFundFactory(is_active=False)

    assert _eligible(project) == []


def test_a_regional_fund_takes_only_projects_of_its_regions(project):
    home = project.commune.province.region
    other = next(region for region in db.session.scalars(sa.select(Region)) if region != home)
    at_home = MatchingFundFactory(regions=[home, other])
    elsewhere = MatchingFundFactory(regions=[other])

    assert _eligible(project) == [at_home]
    assert elsewhere not in _eligible(project)


def test_a_sector_fund_takes_only_projects_of_its_sectors(project):
    water = MatchingFundFactory(sectors=["14030", "14031"])
    MatchingFundFactory(sectors=["11220"])

    assert _eligible(project) == [water]


def test_region_and_sector_must_both_fit(project):
    home = project.commune.province.region
    MatchingFundFactory(regions=[home], sectors=["11220"])
    fits = MatchingFundFactory(regions=[home], sectors=["14031"])

    assert _eligible(project) == [fits]


def test_eligibility_is_one_query_however_many_funds(project):
    for _ in range(4):
        MatchingFundFactory(regions=[project.commune.province.region], sectors=["14031"])

    with counting_queries() as executed:
        funds = _eligible(project)

    assert len(funds) == 4
    assert len(executed) == 1
