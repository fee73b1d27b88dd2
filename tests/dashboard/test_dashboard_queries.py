"""The dashboard's queries do not grow with the donor's pledges, nor past a few projects."""

import sqlalchemy as sa

from crowdfund.dashboard.services import PROJECTS_DETAILED
from crowdfund.extensions import db
from crowdfund.pledges.models import Pledge
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory
from tests.factories.matching import MatchAllocationFactory, MatchingFundFactory


def _statements(client):
    with counting_queries() as executed:
        assert client.get("/dashboard").status_code == 200
    return len(executed)


def _match_newest(donor, count):
    """Give the donor's `count` newest pledges a match, as the first page shows them."""
    fund = MatchingFundFactory()
    newest = db.session.scalars(
        sa.select(Pledge)
        .where(Pledge.donor_id == donor.id)
        .order_by(Pledge.created_at.desc(), Pledge.id.desc())
        .limit(count)
    )
    for pledge in newest:
        MatchAllocationFactory(fund=fund, project=pledge.project, pledge=pledge, amount=50_00)


def test_a_donor_with_a_thousand_pledges_runs_as_many_queries_as_with_a_few(
    login, donor, project, pledge, bulk_pledges
):
    pledge(project, 100_00)
    bulk_pledges(donor, [project], 3)
    _match_newest(donor, 2)
    client = login(donor)
    few = _statements(client)

    bulk_pledges(donor, [project], 1_000)
    _match_newest(donor, 25)

    assert _statements(client) == few


def test_past_the_projects_detailed_more_projects_add_no_query(login, donor, pledge, bulk_pledges):
    projects = [ProjectFactory() for _ in range(PROJECTS_DETAILED + 1)]
    bulk_pledges(donor, projects, len(projects))
    client = login(donor)
    some = _statements(client)

    bulk_pledges(donor, [ProjectFactory() for _ in range(5)], 5)

    assert _statements(client) == some
