"""Reviewers verify a milestone's evidence, or reject it with the reason the owners will read."""

from flask_babel import gettext as _

from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.milestones.errors import MilestoneRefused
from crowdfund.milestones.models import EvidenceState
from crowdfund.milestones.rules import is_member_of_its_organisation, may_verify
from crowdfund.pledges.locks import locked
from crowdfund.timeutil import utcnow

REASON_MAX_LENGTH = 2000


def verify_evidence(evidence, reviewer):
    """Accept the evidence: its tranche may then be released by a treasurer."""
    return _decide(evidence, reviewer, EvidenceState.VERIFIED, "milestone.evidence_verified")


def reject_evidence(evidence, reviewer, reason):
    """Send the evidence back to the owners with `reason`; they may send new evidence."""
    reason = (reason or "").strip()
    if not reason:
        raise MilestoneRefused(
            _("Tell the owners what is missing or wrong, so that they can send new evidence."),
            field="reason",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise MilestoneRefused(
            _("Keep the reason under %(count)d characters.", count=REASON_MAX_LENGTH),
            field="reason",
        )
    return _decide(
        evidence, reviewer, EvidenceState.REJECTED, "milestone.evidence_rejected", reason
    )


def _decide(evidence, reviewer, state, action, reason=""):
    evidence = locked(evidence)
    _check_may_decide(evidence, reviewer)
    before = {"state": evidence.state}
    evidence.state = state
    evidence.decided_by = reviewer
    evidence.decided_at = utcnow()
    evidence.rejection_reason = reason
    db.session.flush()
    after = {"state": state, "milestone_id": evidence.milestone_id}
    if reason:
        after["reason"] = reason
    record(action, evidence, before=before, after=after, actor=reviewer)
    return evidence


def _check_may_decide(evidence, reviewer):
    if not may_verify(reviewer, evidence):
        if is_member_of_its_organisation(reviewer, evidence):
            raise MilestoneRefused(
                _(
                    "You are a member of %(organisation)s: another reviewer must decide on "
                    "its evidence.",
                    organisation=evidence.project.organisation.name,
                )
            )
        raise MilestoneRefused(_("Only reviewers decide on milestone evidence."))
    if evidence.state != EvidenceState.SUBMITTED:
        raise MilestoneRefused(
            _(
                "This evidence was already decided on: it is “%(state)s”.",
                state=evidence.state.label,
            )
        )
