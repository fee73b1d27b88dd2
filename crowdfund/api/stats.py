"""The platform's public totals: money raised and disbursed, donors, projects by state."""

from dataclasses import dataclass

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.models import PROJECT_KINDS, AccountKind, LedgerAccount
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.projects.models import PUBLIC_STATES, Project, ProjectState

#: Every project keeps its money in dirhams.
PLATFORM_CURRENCY = "MAD"


@dataclass(frozen=True)
class PlatformStats:
    currency: str
    held: int
    disbursed: int
    #: Donors with at least one gift that was charged and not refunded in full.
    donors: int
    pledges: int
    projects_by_state: dict[ProjectState, int]

    @property
    def raised(self):
        return self.held + self.disbursed


def platform_stats():
    """The totals over public projects, in three aggregate queries."""
    balances = dict(
        db.session.execute(
            sa.select(LedgerAccount.kind, sa.func.sum(LedgerAccount.balance))
            .join(Project, Project.id == LedgerAccount.project_id)
            .where(
                LedgerAccount.kind.in_(PROJECT_KINDS),
                LedgerAccount.currency == PLATFORM_CURRENCY,
                Project.state.in_(PUBLIC_STATES),
            )
            .group_by(LedgerAccount.kind)
        ).all()
    )
    donors, pledges = db.session.execute(
        sa.select(sa.func.count(sa.distinct(Pledge.donor_id)), sa.func.count(Pledge.id))
        .join(Pledge.project)
        .where(Pledge.state == PledgeState.CAPTURED, Project.state.in_(PUBLIC_STATES))
    ).one()
    by_state = dict.fromkeys((state for state in ProjectState if state in PUBLIC_STATES), 0)
    by_state.update(
        db.session.execute(
            sa.select(Project.state, sa.func.count(Project.id))
            .where(Project.state.in_(PUBLIC_STATES))
            .group_by(Project.state)
        ).all()
    )
    return PlatformStats(
        currency=PLATFORM_CURRENCY,
        held=int(balances.get(AccountKind.PROJECT_ESCROW) or 0),
        disbursed=int(balances.get(AccountKind.PROJECT_DISBURSED) or 0),
        donors=donors,
        pledges=pledges,
        projects_by_state=by_state,
    )
