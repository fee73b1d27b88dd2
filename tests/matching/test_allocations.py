"""Setting part of a pool aside for a pledge, and giving it back on a refund."""

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.matching.models import MatchAllocation
from crowdfund.matching.services import (
    MatchRefused,
    allocate_match,
    matched_for_project,
    pool_remaining,
    reverse_match,
)
from tests.factories import ProjectFactory
from tests.factories.matching import MatchAllocationFactory, MatchingFundFactory
from tests.factories.pledges import PledgeFactory


@pytest.fixture
def pledges():
    """pledges[n]: the id of the n-th pledge of the test, made when first asked for."""

    class Pledges(dict):
        def __missing__(self, number):
            self[number] = PledgeFactory().id
            return self[number]

    return Pledges()


def _allocations():
    return db.session.scalars(sa.select(MatchAllocation)).all()


def test_an_allocation_takes_its_amount_from_the_pool_and_the_project(pledges):
    fund = MatchingFundFactory(pool_amount=1_000_000)
    project = ProjectFactory()

    allocation = allocate_match(fund, project, pledge_id=pledges[7], amount=300_000)

    assert (allocation.fund, allocation.project_id, allocation.pledge_id) == (
        fund,
        project.id,
        pledges[7],
    )
    assert allocation.amount == 300_000
    assert allocation.reversed_amount == 0
    assert pool_remaining(fund) == 700_000
    assert matched_for_project(fund, project) == 300_000
    assert type(pool_remaining(fund)) is type(matched_for_project(fund, project)) is int


def test_allocating_twice_for_one_pledge_returns_the_first_allocation(pledges):
    fund = MatchingFundFactory(pool_amount=1_000_000)
    project = ProjectFactory()
    first = allocate_match(fund, project, pledge_id=pledges[7], amount=300_000)

    again = allocate_match(fund, project, pledge_id=pledges[7], amount=300_000)

    assert again == first
    assert len(_allocations()) == 1
    assert pool_remaining(fund) == 700_000


def test_the_pool_is_never_overdrawn(pledges):
    fund = MatchingFundFactory(pool_amount=500_000)
    project = ProjectFactory()
    allocate_match(fund, project, pledge_id=pledges[1], amount=400_000)

    with pytest.raises(MatchRefused) as refusal:
        allocate_match(fund, project, pledge_id=pledges[2], amount=100_001)
    assert refusal.value.available == 100_000

    allocate_match(fund, project, pledge_id=pledges[3], amount=100_000)
    assert pool_remaining(fund) == 0
    with pytest.raises(MatchRefused):
        allocate_match(fund, project, pledge_id=pledges[4], amount=1)


def test_caps_per_pledge_and_per_project_are_kept(pledges):
    fund = MatchingFundFactory(cap_per_pledge=200_000, cap_per_project=300_000)
    project = ProjectFactory()

    with pytest.raises(MatchRefused):
        allocate_match(fund, project, pledge_id=pledges[1], amount=200_001)
    allocate_match(fund, project, pledge_id=pledges[2], amount=200_000)
    with pytest.raises(MatchRefused):
        allocate_match(fund, project, pledge_id=pledges[3], amount=100_001)
    allocate_match(fund, ProjectFactory(), pledge_id=pledges[4], amount=200_000)

    assert matched_for_project(fund, project) == 200_000


@pytest.mark.parametrize("amount", [0, -100])
def test_an_allocation_must_be_positive(amount, pledges):
    with pytest.raises(MatchRefused):
        allocate_match(MatchingFundFactory(), ProjectFactory(), pledge_id=pledges[1], amount=amount)
    assert _allocations() == []


def test_a_reversal_gives_the_amount_back_to_pool_and_project(pledges):
    fund = MatchingFundFactory(pool_amount=1_000_000)
    project = ProjectFactory()
    allocation = allocate_match(fund, project, pledge_id=pledges[1], amount=300_000)

    reverse_match(allocation, 100_000)
    reverse_match(allocation, 50_000)

    assert allocation.reversed_amount == 150_000
    assert allocation.active_amount == 150_000
    assert pool_remaining(fund) == 850_000
    assert matched_for_project(fund, project) == 150_000


def test_no_more_than_the_allocation_can_be_reversed():
    allocation = MatchAllocationFactory(amount=300_000, reversed_amount=200_000)

    with pytest.raises(MatchRefused) as refusal:
        reverse_match(allocation, 100_001)
    assert refusal.value.available == 100_000
    reverse_match(allocation, 100_000)
    with pytest.raises(MatchRefused):
        reverse_match(allocation, 1)

    assert allocation.reversed_amount == 300_000


@pytest.mark.parametrize("amount", [0, -1])
def test_a_reversal_must_be_positive(amount):
    allocation = MatchAllocationFactory(amount=300_000)

    with pytest.raises(MatchRefused):
        reverse_match(allocation, amount)
    assert allocation.reversed_amount == 0


def test_a_fully_reversed_allocation_still_answers_its_pledge(pledges):
    fund = MatchingFundFactory()
    project = ProjectFactory()
    allocation = allocate_match(fund, project, pledge_id=pledges[1], amount=300_000)
    reverse_match(allocation, 300_000)

    assert allocate_match(fund, project, pledge_id=pledges[1], amount=300_000) == allocation
    assert pool_remaining(fund) == fund.pool_amount


def test_the_database_refuses_a_second_allocation_for_one_pledge():
    allocation = MatchAllocationFactory()

    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        MatchAllocationFactory(fund=allocation.fund, pledge=allocation.pledge)
