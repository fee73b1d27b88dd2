"""How long the review queue makes people wait: what waits, counted by how long it has waited."""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crowdfund.extensions import db
from crowdfund.milestones.models import EvidenceState, MilestoneEvidence
from crowdfund.organisations.models import Organisation, OrganisationStatus
from crowdfund.projects.models import Project
from crowdfund.review.queue import QUEUE_STATES
from crowdfund.timeutil import days_since, utcnow

#: (days waited up to, label); the last bucket takes everything older.
BUCKETS = (
    (7, _l("Up to a week")),
    (14, _l("1 to 2 weeks")),
    (30, _l("2 weeks to a month")),
    (None, _l("Over a month")),
)


@dataclass(frozen=True)
class QueueAgeing:
    """One kind of item waiting for a reviewer: how many in each bucket, and the oldest."""

    label: str
    counts: tuple
    oldest_days: int | None

    @property
    def total(self):
        return sum(self.counts)


#: (label, since when an item waits, which items wait)
_QUEUES = (
    (
        _l("Organisations to verify"),
        Organisation.submitted_at,
        Organisation.status == OrganisationStatus.PENDING,
    ),
    (_l("Projects to vet"), Project.submitted_at, Project.state.in_(QUEUE_STATES)),
    (
        _l("Milestone evidence to verify"),
        MilestoneEvidence.submitted_at,
        MilestoneEvidence.state == EvidenceState.SUBMITTED,
    ),
)


def queue_ageing(now=None):
    """A QueueAgeing per kind of item in the review queue: one query each."""
    now = now or utcnow()
    return [_ageing(label, since, waiting, now) for label, since, waiting in _QUEUES]


def _ageing(label, since, waiting, now):
    bucket = _bucket_of(since, now)
    rows = db.session.execute(
        sa.select(bucket, sa.func.count(), sa.func.min(since)).where(waiting).group_by(bucket)
    ).all()
    counts = [0] * len(BUCKETS)
    for index, count, _oldest in rows:
        counts[index] = count
    oldest = min((oldest for _index, _count, oldest in rows if oldest is not None), default=None)
    return QueueAgeing(
        label=label,
        counts=tuple(counts),
        oldest_days=days_since(oldest, now) if oldest is not None else None,
    )


def _bucket_of(since, now):
    """The index in BUCKETS of an item waiting since `since`, computed by the database.

    The bounds are datetimes worked out here, so the comparison reads the same on
    every database; an item with no date counts as new.
    """
    cases = [
        (since > now - timedelta(days=days + 1), index)
        for index, (days, _label) in enumerate(BUCKETS)
        if days is not None
    ]
    return sa.case((since.is_(None), 0), *cases, else_=len(BUCKETS) - 1)
