"""The public summary of a project's vetting: who approved it, when, against what."""

from dataclasses import dataclass
from datetime import datetime

from crowdfund.projects.models import ReviewDecision
from crowdfund.projects.reference import CHECKLIST
from crowdfund.review.services import vetting_record as approving_review


@dataclass(frozen=True)
class VettingItem:
    key: str
    label: str
    passed: bool
    note: str


@dataclass(frozen=True)
class VettingRecord:
    reviewer: str
    affiliation: str
    vetted_at: datetime
    checklist_version: str
    decision: ReviewDecision
    items: list[VettingItem]


def public_vetting_record(project):
    """The record of the review that approved `project`, or None if none did."""
    review = approving_review(project)
    if review is None:
        return None
    answers = review.answers or {}
    # Today's checklist order first; items only an older version had keep their saved order.
    keys = [key for key in CHECKLIST if key in answers]
    keys += [key for key in answers if key not in CHECKLIST]
    return VettingRecord(
        reviewer=review.reviewer.name,
        affiliation=review.reviewer_affiliation,
        vetted_at=review.created_at,
        checklist_version=review.checklist_version,
        decision=review.decision,
        items=[
            VettingItem(
                key=key,
                label=str(CHECKLIST.get(key, key)),
                passed=bool(answers[key].get("passed")),
                note=answers[key].get("note") or "",
            )
            for key in keys
        ],
    )
