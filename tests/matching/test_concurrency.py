"""On PostgreSQL, allocations made at the same moment never overdraw a pool nor repeat a pledge.

Each thread has its own application context, session and connection, on a
database of its own (committed data, unlike the rest of the suite), dropped at the end.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.matching.models import MatchAllocation, MatchingFund
from crowdfund.matching.services import MatchRefused, allocate_match, pool_remaining
from crowdfund.projects.models import Project
from tests.factories import ProjectFactory
from tests.factories.matching import MatchingFundFactory
from tests.factories.pledges import PledgeFactory

THREADS = 8


def _fund_and_project(app, pool_amount):
    with app.app_context():
        fund, project = MatchingFundFactory(pool_amount=pool_amount), ProjectFactory()
        db.session.commit()
        return fund.id, project.id


def _pledges(app, project_id, count):
    """The ids of `count` pledges to the project, for the threads to match."""
    with app.app_context():
        project = db.session.get(Project, project_id)
        ids = [PledgeFactory(project=project).id for _ in range(count)]
        db.session.commit()
        return ids


def _allocate_in_threads(app, fund_id, project_id, pledge_id_of, amount):
    """Allocate from THREADS threads started together; True for each allocation made."""
    start = threading.Barrier(THREADS)

    def allocate(number):
        with app.app_context():
            fund, project = (
                db.session.get(MatchingFund, fund_id),
                db.session.get(Project, project_id),
            )
            start.wait()
            try:
                allocate_match(fund, project, pledge_id_of(number), amount)
            except MatchRefused:
                db.session.rollback()
                return False
            db.session.commit()
            return True

    with ThreadPoolExecutor(THREADS) as executor:
        return list(executor.map(allocate, range(THREADS)))


def _allocations(app, fund_id):
    with app.app_context():
        fund = db.session.get(MatchingFund, fund_id)
        count = db.session.scalar(
            sa.select(sa.func.count()).where(MatchAllocation.matching_fund_id == fund_id)
        )
        return count, pool_remaining(fund)


def test_concurrent_allocations_never_overdraw_the_pool(committed_app):
    fund_id, project_id = _fund_and_project(committed_app, pool_amount=1_000_000)

    pledge_ids = _pledges(committed_app, project_id, THREADS)

    made = _allocate_in_threads(committed_app, fund_id, project_id, pledge_ids.__getitem__, 300_000)

    assert made.count(True) == 3
    assert _allocations(committed_app, fund_id) == (3, 100_000)


def test_concurrent_allocations_for_one_pledge_allocate_once(committed_app):
    fund_id, project_id = _fund_and_project(committed_app, pool_amount=1_000_000)

    [pledge_id] = _pledges(committed_app, project_id, 1)

    made = _allocate_in_threads(committed_app, fund_id, project_id, lambda n: pledge_id, 300_000)

    assert all(made)
    assert _allocations(committed_app, fund_id) == (1, 700_000)
