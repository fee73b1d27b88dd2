"""compute_match: the ratio in integer arithmetic, rounded down, then every cap; never negative."""

import pytest

from crowdfund.matching.models import MatchingFund
from crowdfund.matching.services import compute_match, match_limit

NO_LIMIT = 10**12


def _fund(ratio=(1, 1), cap_per_pledge=None, cap_per_project=None):
    numerator, denominator = ratio
    return MatchingFund(
        match_numerator=numerator,
        match_denominator=denominator,
        cap_per_pledge=cap_per_pledge,
        cap_per_project=cap_per_project,
    )


@pytest.mark.parametrize(
    ("ratio", "pledge", "match"),
    [
        ((1, 1), 50_000, 50_000),
        ((3, 1), 50_000, 150_000),
        ((1, 2), 50_000, 25_000),
        ((2, 3), 100, 66),
        ((1, 2), 1, 0),
        ((1, 3), 10_001, 3_333),
    ],
    ids=["1:1", "3:1", "1:2", "2:3 rounds down", "half a centime is nothing", "1:3 rounds down"],
)
def test_the_ratio_is_applied_in_whole_centimes_rounding_down(ratio, pledge, match):
    assert compute_match(_fund(ratio), pledge, 0, NO_LIMIT) == match


def test_the_cap_per_pledge_limits_the_match():
    assert compute_match(_fund((3, 1), cap_per_pledge=100_000), 50_000, 0, NO_LIMIT) == 100_000


def test_the_cap_per_project_counts_what_the_project_already_received():
    fund = _fund(cap_per_project=1_000_000)

    assert compute_match(fund, 300_000, 800_000, NO_LIMIT) == 200_000
    assert compute_match(fund, 300_000, 1_000_000, NO_LIMIT) == 0


def test_the_pool_limits_the_match():
    assert compute_match(_fund(), 300_000, 0, 120_000) == 120_000


def test_the_smallest_limit_wins():
    fund = _fund((3, 1), cap_per_pledge=500_000, cap_per_project=1_000_000)

    assert compute_match(fund, 1_000_000, 700_000, 400_000) == 300_000


@pytest.mark.parametrize(
    ("pledge", "matched", "pool"),
    [(0, 0, NO_LIMIT), (-5_000, 0, NO_LIMIT), (5_000, 2_000_000, NO_LIMIT), (5_000, 0, -100)],
    ids=["nothing pledged", "negative pledge", "project over its cap", "pool overdrawn"],
)
def test_the_match_is_never_negative(pledge, matched, pool):
    assert compute_match(_fund(cap_per_project=1_000_000), pledge, matched, pool) == 0


def test_match_limit_is_what_the_caps_leave_whatever_the_pledge():
    fund = _fund(cap_per_pledge=500_000, cap_per_project=1_000_000)

    assert match_limit(fund, 0, NO_LIMIT) == 500_000
    assert match_limit(fund, 800_000, NO_LIMIT) == 200_000
    assert match_limit(fund, 0, 100_000) == 100_000
    assert match_limit(_fund(), 0, NO_LIMIT) == NO_LIMIT
