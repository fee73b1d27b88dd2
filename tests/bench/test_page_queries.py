"""The pages the benchmark loads send as many SQL statements for many pledges as for one.

With a million pledges, a page whose queries grew with its pledges (one per
supporter, per ledger entry, per match) would be the first to fall over.
"""

import pytest

from crowdfund.extensions import db
from crowdfund.matching.models import MatchAllocation
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory, UserFactory
from tests.factories.matching import MatchingFundFactory


@pytest.fixture
def project():
    """A flexible project, matched 1:1 by a fund."""
    MatchingFundFactory()
    return ProjectFactory(goal_amount=50_000_000)


def _pledges(pledge, project, count):
    for _ in range(count):
        pledge(project, amount=60_000, who=UserFactory())
    db.session.flush()


def _statements(client, url):
    with counting_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements)


@pytest.mark.parametrize(
    "url", ["/projects/{slug}", "/", "/api/v1/projects", "/api/v1/projects/{slug}"]
)
def test_a_page_sends_as_many_statements_for_twenty_pledges_as_for_one(
    client, pledge, project, url
):
    url = url.format(slug=project.slug)
    _pledges(pledge, project, 1)
    with_one = _statements(client, url)

    _pledges(pledge, project, 19)
    with_twenty = _statements(client, url)

    assert db.session.query(MatchAllocation).count() == 20  # each pledge was matched
    assert with_twenty == with_one
