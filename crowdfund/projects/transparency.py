"""What a project's page shows anyone of its money: raised, held, released, refunded, and when.

Every figure comes from the ledger or from the rows the ledger was posted from,
in a fixed number of queries whatever the number of pledges, milestones or updates.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crowdfund.extensions import db
from crowdfund.ledger.reading import ProjectMoney, project_money, sum_of
from crowdfund.milestones.reading import MilestoneProgress, milestone_progress
from crowdfund.pledges.models import Pledge, PledgeRefund
from crowdfund.projects.lifecycle import ACTION_LABELS
from crowdfund.updates.panel import UpdatesPanel, updates_panel
from crowdfund.updates.reading import updates_for


@dataclass(frozen=True)
class MoneyFlow:
    """Where the money raised is now, in minor units of `currency`: held, or released."""

    currency: str
    raised: int
    held: int
    released: int

    @classmethod
    def of(cls, money: ProjectMoney):
        return cls(money.currency, money.raised, money.held, money.disbursed)

    def ratio(self, amount):
        """`amount` as a part of what was raised, for drawing it; 0 when nothing was raised."""
        return amount / self.raised if self.raised > 0 else 0.0

    @property
    def held_ratio(self):
        return self.ratio(self.held)

    @property
    def released_ratio(self):
        return self.ratio(self.released)


@dataclass(frozen=True)
class RefundSummary:
    """How many refunds were made to the project's donors and their total in MAD; no names."""

    count: int
    total: int


@dataclass(frozen=True)
class TimelineEvent:
    happened_at: datetime
    label: str
    #: What the event was about (a milestone's or an update's title), or None.
    subject: str | None = None
    #: An amount in MAD minor units the event moved, or None.
    amount: int | None = None


@dataclass(frozen=True)
class ProjectTransparency:
    money: ProjectMoney
    flow: MoneyFlow
    refunds: RefundSummary
    milestones: tuple[MilestoneProgress, ...]
    #: The updates section of the page, as the viewer sees it.
    updates: UpdatesPanel
    timeline: tuple[TimelineEvent, ...]


def project_transparency(project, viewer):
    """Everything the project's page shows of its money and its life, as `viewer` may see it."""
    money = project_money(project)
    milestones = tuple(milestone_progress(project))
    return ProjectTransparency(
        money=money,
        flow=MoneyFlow.of(money),
        refunds=refund_summary(project),
        milestones=milestones,
        updates=updates_panel(project, viewer),
        # Every update the viewer may read, where the page's section shows the latest few.
        timeline=timeline(project, milestones, updates_for(project, viewer)),
    )


def refund_summary(project):
    """The number and total (MAD) of refunds made on the project's pledges, in one query."""
    count, total = db.session.execute(
        sa.select(sa.func.count(PledgeRefund.id), sum_of(PledgeRefund.amount_mad))
        .join(PledgeRefund.pledge)
        .where(Pledge.project_id == project.id)
    ).one()
    return RefundSummary(count=count, total=total or 0)


def timeline(project, milestones=(), updates=()):
    """The project's public life in order: its review, opening, funding, releases and updates.

    Transitions show without their actors and comments, as reviewers' notes stay internal.
    """
    events = [
        TimelineEvent(entry.created_at, ACTION_LABELS.get(entry.action, entry.action))
        for entry in project.transitions
    ]
    events += [
        TimelineEvent(
            progress.released_at,
            _l("Milestone released"),
            progress.milestone.title,
            progress.released_amount,
        )
        for progress in milestones
        if progress.released_at is not None
    ]
    events += [
        TimelineEvent(update.created_at, _l("Update posted"), update.title) for update in updates
    ]
    return tuple(sorted(events, key=lambda event: event.happened_at))
