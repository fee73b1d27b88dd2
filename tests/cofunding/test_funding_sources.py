"""funding_sources: the diaspora, each matching fund and each institution, and their total."""

from crowdfund.cofunding.models import InstitutionKind
from crowdfund.cofunding.sources import FundMatch, InstitutionShare, funding_sources
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory
from tests.factories.cofunding import CoFundingFactory, ReceivedCoFundingFactory
from tests.factories.matching import MatchAllocationFactory, MatchingFundFactory


def test_a_project_without_other_sources_is_funded_by_its_donors_alone():
    sources = funding_sources(ProjectFactory(goal_amount=10_000_000, raised_amount=2_500_000))

    assert sources.diaspora == sources.total == 2_500_000
    assert (sources.matches, sources.institutions) == ((), ())
    assert sources.progress_ratio == 0.25


def test_every_source_counts_toward_the_goal():
    project = ProjectFactory(goal_amount=10_000_000, raised_amount=3_100_000)  # donors + matches
    mre = MatchingFundFactory(name="Fonds MRE", sponsor="Ministère")
    regional = MatchingFundFactory(name="Fonds régional", sponsor="Région")
    MatchAllocationFactory(fund=mre, project=project, amount=500_000)
    MatchAllocationFactory(fund=mre, project=project, amount=400_000, reversed_amount=100_000)
    MatchAllocationFactory(fund=regional, project=project, amount=300_000)
    MatchAllocationFactory(fund=regional, amount=999_999)  # another project
    ReceivedCoFundingFactory(project=project, institution="Commune de Tabant", amount=1_000_000)
    CoFundingFactory(
        project=project,
        institution="Conseil régional",
        institution_kind=InstitutionKind.REGION,
        amount=2_000_000,
    )
    CoFundingFactory(project=project, institution="Commune de Tabant", amount=500_000)
    CoFundingFactory(amount=700_000)  # another project

    sources = funding_sources(project)

    assert sources.diaspora == 2_000_000
    assert sources.matches == (
        FundMatch("Fonds MRE", "Ministère", 800_000),
        FundMatch("Fonds régional", "Région", 300_000),
    )
    assert sources.matching == 1_100_000
    assert sources.institutions == (
        InstitutionShare("Commune de Tabant", InstitutionKind.COMMUNE, 500_000, 1_000_000),
        InstitutionShare("Conseil régional", InstitutionKind.REGION, 2_000_000, 0),
    )
    assert (sources.cofunding_committed, sources.cofunding_received) == (2_500_000, 1_000_000)
    assert sources.cofunding == 3_500_000
    assert sources.total == 6_600_000
    # Sums come back as integers on every database (PostgreSQL's SUM gives NUMERIC).
    assert {type(share.committed) for share in sources.institutions} == {int}
    assert {type(match.amount) for match in sources.matches} == {int}
    assert sources.progress_ratio == 0.66


def test_a_fully_reversed_match_is_no_longer_a_source():
    project = ProjectFactory()
    MatchAllocationFactory(project=project, amount=500_000, reversed_amount=500_000)

    assert funding_sources(project).matches == ()


def test_progress_stops_at_the_goal():
    project = ProjectFactory(goal_amount=10_000_000, raised_amount=9_000_000)
    CoFundingFactory(project=project, amount=5_000_000)

    sources = funding_sources(project)

    assert sources.total == 14_000_000
    assert sources.progress_ratio == 1.0


def test_the_split_takes_two_queries_whatever_the_number_of_sources():
    project = ProjectFactory()
    for _ in range(5):
        CoFundingFactory(project=project)
        MatchAllocationFactory(project=project)

    with counting_queries() as executed:
        funding_sources(project)

    assert len(executed) == 2
