"""The public project page shows where the money comes from, and counts it all toward the goal."""

import pytest

from crowdfund.cofunding.models import InstitutionKind
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.cofunding import CoFundingFactory, ReceivedCoFundingFactory
from tests.factories.matching import MatchAllocationFactory, MatchingFundFactory


def _page(client, project):
    response = client.get(f"/projects/{project.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_shows_donors_matching_and_each_institution(client):
    # 40,000 MAD from donors and 30,000 MAD matched.
    project = ProjectFactory(goal_amount=20_000_000, raised_amount=7_000_000)
    fund = MatchingFundFactory(name="Fonds de contrepartie MRE", sponsor="Ministère des MRE")
    MatchAllocationFactory(fund=fund, project=project, amount=3_000_000)
    ReceivedCoFundingFactory(project=project, institution="Commune de Tabant", amount=2_000_000)
    CoFundingFactory(
        project=project,
        institution="Conseil régional de Béni Mellal-Khénifra",
        institution_kind=InstitutionKind.REGION,
        amount=1_000_000,
    )

    page = _page(client, project)

    for expected in (
        "Where the money comes from",
        "Donors",
        "MAD40,000.00",
        '<bdi>Fonds de contrepartie MRE</bdi> <span class="meta">(matching fund)</span>',
        "Ministère des MRE",
        "MAD30,000.00",
        "Commune de Tabant",
        "(Commune)",
        "MAD20,000.00 received",
        "Conseil régional de Béni Mellal-Khénifra",
        "(Region)",
        "MAD10,000.00 committed, not yet received",
        # Everything counts toward the goal: 40,000 + 30,000 + 20,000 + 10,000.
        "MAD100,000 raised of MAD200,000",
        "50\u00a0%",
        'data-percent="50.0"',
    ):
        assert expected in page, expected


def test_a_project_funded_by_donors_alone_shows_them_alone(client):
    project = ProjectFactory(goal_amount=10_000_000, raised_amount=2_500_000)

    page = _page(client, project)

    assert "MAD25,000 raised of MAD100,000" in page
    assert "(matching fund)" not in page
    assert "committed, not yet received" not in page


def test_reviewers_are_offered_the_co_funding_page(client, login):
    project = ProjectFactory()
    link = f'href="/review/projects/{project.slug}/cofunding"'

    assert link in _page(login(ReviewerFactory()), project)
    assert link not in _page(login(UserFactory()), project)
    assert link not in _page(client, project)


@pytest.mark.parametrize("as_reviewer", [False, True], ids=["anonymous", "reviewer"])
def test_the_page_runs_as_many_queries_for_five_co_fundings_as_for_one(client, login, as_reviewer):
    def statements(size):
        project = ProjectFactory()
        for _ in range(size):
            CoFundingFactory(project=project)
            MatchAllocationFactory(project=project)
        visitor = login(ReviewerFactory()) if as_reviewer else client
        with counting_queries() as executed:
            _page(visitor, project)
        return len(executed)

    assert 0 < statements(1) == statements(5)
