"""milestone_progress: each milestone's state, its public evidence, in a fixed number of queries."""

import pytest

from crowdfund.extensions import db
from crowdfund.milestones.models import EvidenceState
from crowdfund.milestones.reading import MilestoneState, milestone_progress
from crowdfund.milestones.release import release_tranche
from crowdfund.projects.models import Milestone
from crowdfund.timeutil import utcnow
from tests.catalogue.query_counter import counting_queries
from tests.factories import ReviewerFactory
from tests.factories.milestones import (
    FundedProjectFactory,
    MilestoneEvidenceFactory,
    TreasurerFactory,
    VerifiedEvidenceFactory,
    give,
)


def test_a_funded_project_starts_with_every_milestone_planned(project):
    progress = milestone_progress(project)

    assert [item.milestone.position for item in progress] == [1, 2]
    assert {item.state for item in progress} == {MilestoneState.PLANNED}
    assert all(item.evidence is None and item.released_amount == 0 for item in progress)


@pytest.mark.parametrize(
    ("evidence_state", "milestone_state", "public"),
    [
        (EvidenceState.SUBMITTED, MilestoneState.EVIDENCE_SUBMITTED, False),
        (EvidenceState.REJECTED, MilestoneState.REJECTED, False),
        (EvidenceState.VERIFIED, MilestoneState.VERIFIED, True),
    ],
)
def test_photos_and_the_acceptance_record_show_once_the_evidence_is_verified(
    project, evidence_state, milestone_state, public
):
    decided = evidence_state != EvidenceState.SUBMITTED
    evidence = MilestoneEvidenceFactory(
        project=project,
        state=evidence_state,
        decided_by=ReviewerFactory() if decided else None,
        decided_at=utcnow() if decided else None,
        rejection_reason="Blurred." if evidence_state == EvidenceState.REJECTED else "",
    )

    first = milestone_progress(project)[0]

    assert (first.state, first.evidence) == (milestone_state, evidence)
    assert bool(first.photos) is public
    assert bool(first.acceptance_records) is public
    assert (first.verified_by is not None) is public
    if public:
        [photo] = first.photos
        assert (photo.latitude, photo.longitude) == (
            pytest.approx(31.1375),
            pytest.approx(-7.919444),
        )
        assert photo.file.content_type == "image/png"


def test_a_released_milestone_tells_how_much_by_whom_and_when(project, owner):
    give(project, owner, 12_000_000)
    evidence = VerifiedEvidenceFactory(project=project)
    treasurer = TreasurerFactory()
    release_tranche(evidence, treasurer, 6_000_000, "TGR-5")

    first, second = milestone_progress(project)

    assert first.state == MilestoneState.RELEASED
    assert (first.released_amount, first.released_by, first.bank_reference) == (
        6_000_000,
        treasurer,
        "TGR-5",
    )
    assert first.released_at is not None
    assert first.verified_by == evidence.decided_by
    assert second.state == MilestoneState.PLANNED


def test_the_latest_evidence_is_the_one_shown(project):
    MilestoneEvidenceFactory(
        project=project,
        state=EvidenceState.REJECTED,
        decided_by=ReviewerFactory(),
        decided_at=utcnow(),
        rejection_reason="Blurred.",
    )
    latest = MilestoneEvidenceFactory(project=project)

    assert milestone_progress(project)[0].evidence == latest


def _project_with_milestones(count):
    project = FundedProjectFactory(plan=False, goal_amount=count * 1_000_000)
    project.milestones.extend(
        Milestone(position=n, title=f"Step {n}", amount=1_000_000, target_date=project.end_date)
        for n in range(1, count + 1)
    )
    db.session.flush()
    for milestone in project.milestones:
        VerifiedEvidenceFactory(project=project, milestone=milestone)
    return project


def test_the_number_of_queries_does_not_grow_with_the_milestones():
    few, many = _project_with_milestones(2), _project_with_milestones(8)
    db.session.expire_all()
    db.session.refresh(few)
    db.session.refresh(many)

    with counting_queries() as for_few:
        milestone_progress(few)
    with counting_queries() as for_many:
        progress = milestone_progress(many)

    assert len(progress) == 8
    assert len(for_many) == len(for_few) <= 6
