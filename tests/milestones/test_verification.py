"""Reviewers verify or reject evidence; nobody decides on evidence of their own organisation."""

import pytest

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.milestones.errors import MilestoneRefused
from crowdfund.milestones.models import EvidenceState
from crowdfund.milestones.verification import reject_evidence, verify_evidence
from crowdfund.organisations.models import OrganisationMember
from tests.audit.helpers import audit_entries
from tests.factories import ReviewerFactory, UserFactory
from tests.factories.milestones import MilestoneEvidenceFactory, TreasurerFactory


@pytest.fixture
def evidence(project):
    return MilestoneEvidenceFactory(project=project)


def test_a_reviewer_verifies_evidence(evidence, reviewer):
    verify_evidence(evidence, reviewer)

    assert evidence.state == EvidenceState.VERIFIED
    assert evidence.decided_by_id == reviewer.id
    assert evidence.decided_at is not None
    [entry] = audit_entries("milestone.evidence_verified")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        reviewer.id,
        "MilestoneEvidence",
        evidence.id,
    )
    assert entry.before == {"state": "submitted"}
    assert entry.after == {"state": "verified", "milestone_id": evidence.milestone_id}


def test_a_reviewer_rejects_evidence_with_a_reason(evidence, reviewer):
    reject_evidence(evidence, reviewer, "  The acceptance record is not signed.  ")

    assert evidence.state == EvidenceState.REJECTED
    assert evidence.rejection_reason == "The acceptance record is not signed."
    [entry] = audit_entries("milestone.evidence_rejected")
    assert entry.after["reason"] == "The acceptance record is not signed."


def test_a_rejection_needs_a_reason(evidence, reviewer):
    with pytest.raises(MilestoneRefused) as refused:
        reject_evidence(evidence, reviewer, " ")

    assert refused.value.field == "reason"
    assert evidence.state == EvidenceState.SUBMITTED
    assert audit_entries("milestone.evidence_rejected") == []


def test_evidence_is_decided_on_once(evidence, reviewer):
    verify_evidence(evidence, reviewer)

    with pytest.raises(MilestoneRefused, match="already decided on"):
        reject_evidence(evidence, ReviewerFactory(), "Too late.")


@pytest.mark.parametrize(
    "who",
    [lambda: UserFactory(), lambda: TreasurerFactory()],
    ids=["donor", "treasurer"],
)
def test_only_reviewers_decide(evidence, who):
    with pytest.raises(MilestoneRefused, match="Only reviewers"):
        verify_evidence(evidence, who())


def test_a_reviewer_who_belongs_to_the_organisation_may_not_decide(evidence, login):
    insider = ReviewerFactory(email="insider@example.org")
    evidence.project.organisation.members.append(OrganisationMember(user=insider))

    with pytest.raises(MilestoneRefused, match="another reviewer must decide"):
        verify_evidence(evidence, insider)
    response = login(insider).post(f"/review/evidence/{evidence.id}/verify")

    assert response.status_code == 403
    db.session.refresh(evidence)
    assert evidence.state == EvidenceState.SUBMITTED


def test_the_review_queue_lists_evidence_to_verify(evidence, reviewer, login):
    page = login(reviewer).get("/review/").get_data(as_text=True)

    assert "Milestone evidence to verify (1)" in page
    assert f"/review/evidence/{evidence.id}" in page
    assert "Milestone 1: Borehole drilled" in page


def test_the_evidence_page_shows_where_and_when_each_photo_was_taken(evidence, reviewer, login):
    page = login(reviewer).get(f"/review/evidence/{evidence.id}").get_data(as_text=True)

    photo, invoice, record = evidence.files
    assert f"/files/{photo.file.storage_key}" in page
    assert "31.13750, -7.91944" in page
    assert "15.4 km from the project's site" in page
    assert f"/files/{invoice.file.storage_key}" in page
    assert f"/files/{record.file.storage_key}" in page
    assert "Verify the evidence" in page


def test_verifying_through_the_page(evidence, reviewer, login):
    response = login(reviewer).post(f"/review/evidence/{evidence.id}/verify")

    assert response.status_code == 302
    db.session.refresh(evidence)
    assert evidence.state == EvidenceState.VERIFIED


def test_rejecting_through_the_page_needs_a_reason(evidence, reviewer, login):
    client = login(reviewer)

    page = client.post(f"/review/evidence/{evidence.id}/reject", data={"reason": ""})
    assert page.status_code == 200
    assert "Tell the owners what is missing or wrong" in page.get_data(as_text=True)

    done = client.post(f"/review/evidence/{evidence.id}/reject", data={"reason": "Blurred."})
    assert done.status_code == 302
    db.session.refresh(evidence)
    assert (evidence.state, evidence.rejection_reason) == (EvidenceState.REJECTED, "Blurred.")


def test_a_reviewer_holding_the_treasurer_role_still_verifies(evidence):
    both = ReviewerFactory(roles=[Role.REVIEWER, Role.TREASURER])

    verify_evidence(evidence, both)

    assert evidence.decided_by_id == both.id
