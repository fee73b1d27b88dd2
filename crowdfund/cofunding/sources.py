"""Where a project's money comes from: the diaspora, matching funds and institutions."""

from dataclasses import dataclass

import sqlalchemy as sa

from crowdfund.cofunding.models import CoFunding, CoFundingStatus, InstitutionKind
from crowdfund.extensions import db
from crowdfund.matching.models import MatchAllocation, MatchingFund
from crowdfund.matching.services import active_sum


@dataclass(frozen=True)
class FundMatch:
    """What one matching fund has added to the project."""

    fund_name: str
    sponsor: str
    amount: int


@dataclass(frozen=True)
class InstitutionShare:
    """What one institution has committed to the project: still to come, and received."""

    institution: str
    kind: InstitutionKind
    committed: int
    received: int


@dataclass(frozen=True)
class FundingSources:
    """Every source of a project's money, in MAD minor units; all of it counts toward the goal."""

    goal_amount: int
    diaspora: int
    matches: tuple[FundMatch, ...]
    institutions: tuple[InstitutionShare, ...]

    @property
    def matching(self):
        return sum(match.amount for match in self.matches)

    @property
    def cofunding_committed(self):
        return sum(share.committed for share in self.institutions)

    @property
    def cofunding_received(self):
        return sum(share.received for share in self.institutions)

    @property
    def cofunding(self):
        return self.cofunding_committed + self.cofunding_received

    @property
    def total(self):
        return self.diaspora + self.matching + self.cofunding

    @property
    def progress_ratio(self):
        return min(self.total / self.goal_amount, 1.0) if self.goal_amount else 0.0


def funding_sources(project):
    """The split of `project`'s funding; two queries, whatever the number of sources."""
    matches = _matches(project)
    return FundingSources(
        goal_amount=project.goal_amount,
        # raised_amount counts captured pledges with their matches; the donors' own part is
        # what remains once the matches are set apart.
        diaspora=project.raised_amount - sum(match.amount for match in matches),
        matches=matches,
        institutions=_institutions(project),
    )


def _matches(project):
    active = active_sum()
    rows = db.session.execute(
        sa.select(MatchingFund.name, MatchingFund.sponsor, active)
        .join(MatchAllocation.fund)
        .where(MatchAllocation.project_id == project.id)
        .group_by(MatchingFund.id, MatchingFund.name, MatchingFund.sponsor)
        .having(active > 0)
        .order_by(MatchingFund.id)
    )
    return tuple(FundMatch(name, sponsor, amount) for name, sponsor, amount in rows)


def _institutions(project):
    """One share per institution, in the order they first committed."""

    def amount_when(status):
        amount = sa.case((CoFunding.status == status, CoFunding.amount), else_=0)
        return sa.cast(sa.func.sum(amount), sa.BigInteger)

    rows = db.session.execute(
        sa.select(
            CoFunding.institution,
            CoFunding.institution_kind,
            amount_when(CoFundingStatus.COMMITTED),
            amount_when(CoFundingStatus.RECEIVED),
        )
        .where(CoFunding.project_id == project.id)
        .group_by(CoFunding.institution, CoFunding.institution_kind)
        .order_by(sa.func.min(CoFunding.id))
    )
    return tuple(InstitutionShare(*row) for row in rows)
