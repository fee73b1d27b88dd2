"""Where each milestone of a project stands: planned, evidence in, verified, released.

`milestone_progress` is what the project page, the donor dashboard and open
data read; it runs a fixed number of queries whatever the number of milestones.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.milestones.models import (
    Disbursement,
    EvidenceFile,
    EvidenceFileKind,
    EvidenceState,
    MilestoneEvidence,
)
from crowdfund.projects.models import Milestone


class MilestoneState(StrEnum):
    PLANNED = "planned"
    EVIDENCE_SUBMITTED = "evidence_submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"
    RELEASED = "released"

    @property
    def label(self):
        return MILESTONE_STATE_LABELS[self]


MILESTONE_STATE_LABELS = {
    MilestoneState.PLANNED: _l("Planned"),
    MilestoneState.EVIDENCE_SUBMITTED: _l("Evidence under review"),
    MilestoneState.VERIFIED: _l("Evidence verified"),
    MilestoneState.REJECTED: _l("Evidence rejected"),
    MilestoneState.RELEASED: _l("Funds released"),
}

_STATE_OF_EVIDENCE = {
    EvidenceState.SUBMITTED: MilestoneState.EVIDENCE_SUBMITTED,
    EvidenceState.VERIFIED: MilestoneState.VERIFIED,
    EvidenceState.REJECTED: MilestoneState.REJECTED,
}


@dataclass(frozen=True)
class MilestoneProgress:
    """One milestone and what happened to it.

    `photos` and `acceptance_records` are the public files: those of verified
    evidence (EvidenceFile rows, each with `file`, `latitude`, `longitude` and
    `taken_at`); they stay empty while the evidence awaits verification or was
    rejected. Invoices are never listed here.
    """

    milestone: Milestone
    state: MilestoneState
    #: The latest evidence sent for the milestone, whatever its state, or None.
    evidence: MilestoneEvidence | None
    photos: list[EvidenceFile]
    verified_by: User | None
    verified_at: datetime | None
    #: In minor units of the project's currency (MAD); 0 until released.
    released_amount: int
    released_at: datetime | None
    released_by: User | None
    bank_reference: str | None
    acceptance_records: list[EvidenceFile]

    @property
    def disbursed(self):
        return self.state == MilestoneState.RELEASED


def milestone_progress(project):
    """A MilestoneProgress per milestone of `project`, in order, from a fixed number of queries."""
    milestones = db.session.scalars(
        sa.select(Milestone).where(Milestone.project_id == project.id).order_by(Milestone.position)
    ).all()
    latest = latest_evidence_by_milestone(project)
    disbursements = {
        disbursement.milestone_id: disbursement
        for disbursement in db.session.scalars(
            sa.select(Disbursement)
            .where(Disbursement.project_id == project.id)
            .options(joinedload(Disbursement.released_by))
        )
    }
    return [
        _progress(milestone, latest.get(milestone.id), disbursements.get(milestone.id))
        for milestone in milestones
    ]


def latest_evidence_by_milestone(project):
    """{milestone id: its latest evidence} for `project`, with files and deciders loaded."""
    evidence = db.session.scalars(
        sa.select(MilestoneEvidence)
        .where(MilestoneEvidence.project_id == project.id)
        .options(
            joinedload(MilestoneEvidence.decided_by),
            joinedload(MilestoneEvidence.submitted_by),
            selectinload(MilestoneEvidence.files).joinedload(EvidenceFile.file),
        )
        .order_by(MilestoneEvidence.id)
    ).all()
    # Later evidence overwrites earlier: ids grow with submission.
    return {item.milestone_id: item for item in evidence}


def _progress(milestone, evidence, disbursement):
    if disbursement is not None:
        state = MilestoneState.RELEASED
    elif evidence is None:
        state = MilestoneState.PLANNED
    else:
        state = _STATE_OF_EVIDENCE[evidence.state]
    verified = evidence is not None and evidence.is_verified
    return MilestoneProgress(
        milestone=milestone,
        state=state,
        evidence=evidence,
        photos=evidence.files_of_kind(EvidenceFileKind.PHOTO) if verified else [],
        verified_by=evidence.decided_by if verified else None,
        verified_at=evidence.decided_at if verified else None,
        released_amount=disbursement.amount if disbursement else 0,
        released_at=disbursement.released_at if disbursement else None,
        released_by=disbursement.released_by if disbursement else None,
        bank_reference=disbursement.bank_transfer_reference if disbursement else None,
        acceptance_records=(
            evidence.files_of_kind(EvidenceFileKind.ACCEPTANCE_RECORD) if verified else []
        ),
    )
