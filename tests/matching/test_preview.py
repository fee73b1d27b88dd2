"""preview_match: what a pledge would become with the fund that adds most, usage counted."""

from datetime import timedelta

from crowdfund.matching.services import preview_match
from crowdfund.timeutil import today
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory
from tests.factories.matching import MatchAllocationFactory, MatchingFundFactory


def test_a_pledge_is_previewed_with_its_match():
    project = ProjectFactory()
    fund = MatchingFundFactory(name="Fonds de contrepartie MRE")

    preview = preview_match(project, 50_000, today())

    assert preview.fund == fund
    assert (preview.pledge_amount, preview.match_amount, preview.total) == (50_000, 50_000, 100_000)


def test_the_fund_that_adds_most_is_chosen():
    project = ProjectFactory()
    MatchingFundFactory(match_numerator=1, match_denominator=1)
    generous = MatchingFundFactory(match_numerator=3, match_denominator=1)
    MatchingFundFactory(match_numerator=1, match_denominator=2)

    preview = preview_match(project, 10_000, today())

    assert preview.fund == generous
    assert preview.match_amount == 30_000


def test_a_generous_ratio_loses_to_a_larger_match_under_caps():
    project = ProjectFactory()
    MatchingFundFactory(match_numerator=3, match_denominator=1, cap_per_pledge=20_000)
    plain = MatchingFundFactory(match_numerator=1, match_denominator=1)

    assert preview_match(project, 50_000, today()).fund == plain


def test_on_a_tie_the_older_fund_is_used_first():
    project = ProjectFactory()
    older = MatchingFundFactory()
    MatchingFundFactory()

    assert preview_match(project, 50_000, today()).fund == older


def test_the_preview_counts_what_pool_and_project_have_used():
    project = ProjectFactory()
    fund = MatchingFundFactory(pool_amount=1_000_000, cap_per_project=600_000)
    MatchAllocationFactory(fund=fund, project=project, amount=500_000)
    MatchAllocationFactory(fund=fund, amount=300_000)

    # The project's cap leaves 100,000; the pool 200,000.
    assert preview_match(project, 400_000, today()).match_amount == 100_000


def test_reversed_allocations_free_the_pool_again():
    project = ProjectFactory()
    fund = MatchingFundFactory(pool_amount=1_000_000)
    MatchAllocationFactory(fund=fund, amount=1_000_000, reversed_amount=400_000)

    assert preview_match(project, 500_000, today()).match_amount == 400_000


def test_no_preview_without_an_eligible_fund_or_anything_left():
    project = ProjectFactory()
    assert preview_match(project, 50_000, today()) is None

    fund = MatchingFundFactory(pool_amount=100_000)
    MatchAllocationFactory(fund=fund, amount=100_000)
    assert preview_match(project, 50_000, today()) is None


def test_the_preview_is_for_the_date_given():
    project = ProjectFactory()
    MatchingFundFactory(ends_on=today() + timedelta(days=2))

    assert preview_match(project, 50_000, today() + timedelta(days=3)) is None


def test_the_preview_runs_two_queries_however_many_funds():
    project = ProjectFactory()
    for _ in range(5):
        MatchAllocationFactory(fund=MatchingFundFactory(), project=project)

    with counting_queries() as executed:
        preview_match(project, 50_000, today())

    assert len(executed) == 2
