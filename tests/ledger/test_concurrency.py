"""On PostgreSQL, concurrent postings lose no update, never overdraw, and post a key once.

Each thread has its own application context, session and connection, on a
database of its own (committed data, unlike the rest of the suite), dropped at the end.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.errors import InsufficientFunds
from crowdfund.ledger.models import LedgerAccount, LedgerTransaction
from crowdfund.ledger.reading import balance_of
from crowdfund.projects.models import Project
from tests.factories import ProjectFactory
from tests.ledger.builders import capture, clearing, escrow, fund_pool, match, pool

THREADS = 8


def _committed_projects(app, count):
    with app.app_context():
        projects = ProjectFactory.create_batch(count)
        db.session.commit()
        return [project.id for project in projects]


def _in_threads(work):
    """Run `work(number)` in THREADS threads started together; their results, in order."""
    start = threading.Barrier(THREADS)

    def run(number):
        start.wait()
        return work(number)

    with ThreadPoolExecutor(THREADS) as executor:
        return list(executor.map(run, range(THREADS)))


def test_concurrent_matches_take_a_pool_exactly_to_zero(committed_app):
    project_ids = _committed_projects(committed_app, 4)
    with committed_app.app_context():
        fund_pool(1, 100, "pool:1")
        db.session.commit()

    def match_25_times(number):
        outcomes = []
        with committed_app.app_context():
            projects = [db.session.get(Project, project_id) for project_id in project_ids]
            for attempt in range(25):
                try:
                    match(1, projects[attempt % 4], 1, f"match:{number}:{attempt}")
                    db.session.commit()
                    outcomes.append("posted")
                except InsufficientFunds:
                    db.session.rollback()
                    outcomes.append("refused")
        return outcomes

    outcomes = [outcome for thread in _in_threads(match_25_times) for outcome in thread]

    assert outcomes.count("posted") == 100
    assert outcomes.count("refused") == THREADS * 25 - 100
    with committed_app.app_context():
        assert balance_of(pool(1)) == 0
        projects = [db.session.get(Project, project_id) for project_id in project_ids]
        assert sum(balance_of(escrow(project)) for project in projects) == 100
        assert check_ledger() == []


def test_concurrent_postings_of_one_key_make_one_transaction(committed_app):
    [project_id] = _committed_projects(committed_app, 1)
    with committed_app.app_context():
        escrow(db.session.get(Project, project_id))
        clearing()
        db.session.commit()

    def capture_once(_number):
        with committed_app.app_context():
            transaction = capture(db.session.get(Project, project_id), 10_000, "capture:pi_race")
            db.session.commit()
            return transaction.id

    assert len(set(_in_threads(capture_once))) == 1
    with committed_app.app_context():
        assert balance_of(escrow(db.session.get(Project, project_id))) == 10_000
        posted = sa.select(sa.func.count()).where(LedgerTransaction.key == "capture:pi_race")
        assert db.session.scalar(posted) == 1
        assert check_ledger() == []


def test_concurrent_first_postings_create_each_account_once(committed_app):
    [project_id] = _committed_projects(committed_app, 1)

    def capture_own_pledge(number):
        with committed_app.app_context():
            capture(db.session.get(Project, project_id), 1_000, f"capture:pi_{number}")
            db.session.commit()

    _in_threads(capture_own_pledge)

    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LedgerAccount)) == 2
        assert balance_of(escrow(db.session.get(Project, project_id))) == THREADS * 1_000
        assert balance_of(clearing()) == -THREADS * 1_000
        assert check_ledger() == []
