"""A project with a money story: gifts on several days, a match, a refund, co-funding, a release.

Fixtures for the open data's tests (imported by their conftest modules). The
pledge fixtures are the pledge flow's own (FakeGateway, the browser played by its
methods); the ledger's clock is set so that the story spans several days.
"""

from datetime import date, datetime, time

import pytest

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.ledger import posting
from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.milestones.models import EvidenceState, MilestoneEvidence
from crowdfund.milestones.release import release_tranche
from crowdfund.pledges.refunds import refund_pledge
from crowdfund.projects.models import FundingModel, ProjectState
from crowdfund.timeutil import utcnow
from tests.factories import AdminFactory, ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.matching import MatchingFundFactory

DAY_ONE = date(2026, 3, 2)
DAY_TWO = date(2026, 3, 3)
DAY_THREE = date(2026, 3, 9)


@pytest.fixture
def ledger_day(monkeypatch):
    """Post the ledger's next transactions at noon (UTC) on the given day."""

    def _on(day):
        moment = datetime.combine(day, time(12))
        monkeypatch.setattr(posting, "utcnow", lambda: moment)

    return _on


@pytest.fixture
def release(gateway):
    """Release a milestone's tranche as a treasurer does, against evidence a reviewer verified."""

    def _release(project, milestone, amount, bank_reference):
        evidence = MilestoneEvidence(
            project=project,
            milestone=milestone,
            narrative="The work is done.",
            submitted_by=project.organisation.created_by,
            submitted_at=utcnow(),
            state=EvidenceState.VERIFIED,
            decided_by=ReviewerFactory(),
            decided_at=utcnow(),
        )
        db.session.add(evidence)
        db.session.flush()
        treasurer = UserFactory(roles=[Role.TREASURER])
        return release_tranche(evidence, treasurer, amount, bank_reference)

    return _release


def receive_cofunding(project, amount, key):
    """Institutional money arriving in the project's escrow, as the ledger records it."""
    return post(
        TransactionKind.CO_FUNDING,
        key,
        [
            (account_for(AccountKind.INSTITUTIONAL_FUNDING), -amount),
            (account_for(AccountKind.PROJECT_ESCROW, project=project), amount),
        ],
        memo=f"Co-funding {key}",
        project=project,
    )


@pytest.fixture
def story(pledge, gateway, ledger_day, release):
    """A flexible project of 10,000 MAD matched 1:1 up to 500 MAD, and what happened to it.

    Day one: gifts of 1,000, 300 (matched 500 in all) and 200 MAD. Day two: a gift
    of 400 MAD, and 100 MAD of the first gift refunded (with its match share). Day
    three: 2,000 MAD of co-funding, then the first milestone's 1,500 MAD released.
    """
    project = ProjectFactory(
        slug="tizi-well",
        funding_model=FundingModel.FLEXIBLE,
        goal_amount=1_000_000,
        sdgs=[6, 5],
    )
    fund = MatchingFundFactory(
        name="Fonds Tiwizi", sponsor="Fondation Hassan II", cap_per_project=50_000
    )
    donors = [UserFactory(name=name) for name in ("Amina El Idrissi", "Karim Benali")]
    ledger_day(DAY_ONE)
    first = pledge(project, 100_000, who=donors[0])
    pledge(project, 30_000, who=donors[1])
    pledge(project, 20_000, who=donors[0])
    ledger_day(DAY_TWO)
    pledge(project, 40_000, who=donors[1])
    refund_pledge(first, 10_000, "Donor asked", AdminFactory(), gateway)
    ledger_day(DAY_THREE)
    receive_cofunding(project, 200_000, "cofunding:test:1")
    project.state = ProjectState.FUNDED
    release(project, project.milestones[0], 150_000, "VIR-2026-0001")
    db.session.flush()
    return project, fund, donors
