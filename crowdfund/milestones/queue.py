"""Evidence waiting for a reviewer's decision, and verified evidence waiting for a treasurer."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.extensions import db
from crowdfund.milestones.models import Disbursement, EvidenceState, MilestoneEvidence
from crowdfund.projects.models import Project
from crowdfund.review.queue import Waiting
from crowdfund.timeutil import days_since


def evidence_awaiting_verification(alert_days):
    """Submitted evidence, oldest first, as review-queue entries (the subject is the evidence)."""
    return _waiting(
        _evidence(MilestoneEvidence.state == EvidenceState.SUBMITTED),
        lambda evidence: evidence.submitted_at,
        alert_days,
    )


def evidence_awaiting_release(alert_days):
    """Verified evidence whose tranche is not released yet, longest verified first."""
    released = sa.select(Disbursement.evidence_id)
    return _waiting(
        _evidence(
            MilestoneEvidence.state == EvidenceState.VERIFIED,
            MilestoneEvidence.id.not_in(released),
            order_by=MilestoneEvidence.decided_at,
        ),
        lambda evidence: evidence.decided_at,
        alert_days,
    )


def recent_disbursements(limit=20):
    """The latest tranches released, newest first."""
    return db.session.scalars(
        sa.select(Disbursement)
        .options(
            joinedload(Disbursement.project),
            joinedload(Disbursement.milestone),
            joinedload(Disbursement.released_by),
        )
        .order_by(Disbursement.released_at.desc(), Disbursement.id.desc())
        .limit(limit)
    ).all()


def _evidence(*conditions, order_by=None):
    return db.session.scalars(
        sa.select(MilestoneEvidence)
        .where(*conditions)
        .options(
            joinedload(MilestoneEvidence.project).joinedload(Project.organisation),
            joinedload(MilestoneEvidence.milestone),
            joinedload(MilestoneEvidence.submitted_by),
            joinedload(MilestoneEvidence.decided_by),
            selectinload(MilestoneEvidence.files),
        )
        .order_by(
            order_by if order_by is not None else MilestoneEvidence.submitted_at,
            MilestoneEvidence.id,
        )
    ).all()


def _waiting(evidence, since, alert_days):
    entries = []
    for item in evidence:
        days = days_since(since(item))
        entries.append(Waiting(subject=item, days=days, overdue=days > alert_days))
    return entries
