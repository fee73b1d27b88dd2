"""On PostgreSQL, treasurers releasing the same tranche at the same moment release it once.

Each thread has its own request context, session and connection, on a database of its own
(committed data, unlike the rest of the suite), dropped at the end.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.reading import project_money
from crowdfund.milestones.errors import MilestoneRefused
from crowdfund.milestones.models import Disbursement, MilestoneEvidence
from crowdfund.milestones.release import release_tranche
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from tests.factories import UserFactory
from tests.factories.milestones import (
    FundedProjectFactory,
    TreasurerFactory,
    VerifiedEvidenceFactory,
    give,
)

THREADS = 4


def _verified_evidence_and_treasurers(app):
    with app.test_request_context():
        project = FundedProjectFactory()
        give(project, UserFactory(), 12_000_000)
        evidence = VerifiedEvidenceFactory(project=project)
        treasurers = [TreasurerFactory() for _ in range(THREADS)]
        db.session.commit()
        return evidence.id, [treasurer.id for treasurer in treasurers]


def test_a_tranche_released_by_several_treasurers_at_once_is_released_once(committed_app):
    evidence_id, treasurer_ids = _verified_evidence_and_treasurers(committed_app)
    start = threading.Barrier(THREADS)

    def release(number):
        with committed_app.test_request_context():
            evidence = db.session.get(MilestoneEvidence, evidence_id)
            treasurer = db.session.get(User, treasurer_ids[number])
            start.wait()
            try:
                release_tranche(evidence, treasurer, 6_000_000, f"TGR-{number}")
            except MilestoneRefused:
                db.session.rollback()
                return False
            db.session.commit()
            return True

    with ThreadPoolExecutor(THREADS) as executor:
        released = list(executor.map(release, range(THREADS)))

    assert released.count(True) == 1
    with committed_app.test_request_context():
        evidence = db.session.get(MilestoneEvidence, evidence_id)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Disbursement)) == 1
        assert project_money(evidence.project).disbursed == 6_000_000
        assert check_ledger() == []
        told = db.session.scalar(
            sa.select(sa.func.count()).where(
                OutboxMessage.kind == NotificationKind.MILESTONE_RELEASED
            )
        )
        assert told == 1
