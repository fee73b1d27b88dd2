"""The ministry dashboard's figures, each from one aggregate query however much data there is.

Money is read from the ledger (project escrow and disbursed accounts), so that
the dashboard shows what `flask ledger check` vouches for. Amounts are MAD minor units.
"""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.ledger.models import (
    PROJECT_KINDS,
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from crowdfund.ledger.reading import sum_of
from crowdfund.pledges.models import Pledge
from crowdfund.projects.models import PUBLIC_STATES, Project, ProjectState
from crowdfund.timeutil import utcnow

#: How many months the monthly chart covers, the current one included.
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class Totals:
    raised: int
    #: Held in escrow, waiting for milestones.
    held: int
    disbursed: int
    #: People whose gifts were captured and not refunded in full.
    donors: int
    pledges: int


@dataclass(frozen=True)
class Share:
    """Money raised and disbursed in one region, sector, month or country."""

    key: object
    raised: int
    disbursed: int = 0
    #: Projects (regions, sectors) or donors (countries) behind the amounts.
    count: int = 0


#: Pledges whose money the project keeps, at least in part.
_KEPT = Pledge.captured_mad > Pledge.refunded_mad


def _sum_where(condition, amount):
    return sa.func.coalesce(sum_of(sa.case((condition, amount), else_=0)), 0)


def _held(amount=LedgerAccount.balance):
    return _sum_where(LedgerAccount.kind == AccountKind.PROJECT_ESCROW, amount)


def _disbursed(amount=LedgerAccount.balance):
    return _sum_where(LedgerAccount.kind == AccountKind.PROJECT_DISBURSED, amount)


def totals():
    """Raised, held, disbursed, donors and pledges across every project: two queries."""
    held, disbursed = db.session.execute(
        sa.select(_held(), _disbursed()).where(LedgerAccount.kind.in_(PROJECT_KINDS))
    ).one()
    donors, pledges = db.session.execute(
        sa.select(sa.func.count(sa.distinct(Pledge.donor_id)), sa.func.count()).where(_KEPT)
    ).one()
    return Totals(
        raised=held + disbursed, held=held, disbursed=disbursed, donors=donors, pledges=pledges
    )


def projects_by_state():
    """{ProjectState: number of projects}, every state present, zero where none."""
    counts = dict(
        db.session.execute(sa.select(Project.state, sa.func.count()).group_by(Project.state))
        .tuples()
        .all()
    )
    return {state: counts.get(state, 0) for state in ProjectState}


def _project_accounts():
    """The join condition of a project's escrow and disbursed accounts."""
    return sa.and_(LedgerAccount.project_id == Project.id, LedgerAccount.kind.in_(PROJECT_KINDS))


def by_region():
    """A Share per region (every region, richest first), keyed by Region."""
    rows = db.session.execute(
        sa.select(
            Region,
            sa.func.count(sa.distinct(Project.id)),
            _held(),
            _disbursed(),
        )
        .outerjoin(Province, Province.region_id == Region.id)
        .outerjoin(Commune, Commune.province_id == Province.id)
        .outerjoin(
            Project,
            sa.and_(Project.commune_id == Commune.id, Project.state.in_(PUBLIC_STATES)),
        )
        .outerjoin(LedgerAccount, _project_accounts())
        .group_by(Region.id)
    )
    return _richest_first(
        Share(region, held + disbursed, disbursed, count) for region, count, held, disbursed in rows
    )


def by_sector():
    """A Share per DAC sector that has public projects, richest first, keyed by sector code."""
    rows = db.session.execute(
        sa.select(
            Project.sector_code, sa.func.count(sa.distinct(Project.id)), _held(), _disbursed()
        )
        .outerjoin(LedgerAccount, _project_accounts())
        .where(Project.state.in_(PUBLIC_STATES))
        .group_by(Project.sector_code)
    )
    return _richest_first(
        Share(code, held + disbursed, disbursed, count) for code, count, held, disbursed in rows
    )


def by_month(now=None, months=MONTHS_SHOWN):
    """A Share per month of the last `months` (oldest first, keyed by the month's first day).

    Raised is what came into escrows that month (pledges, matches, co-funding,
    less refunds); disbursed is what was released from them.
    """
    first = _first_of_month(now or utcnow(), months - 1)
    month = _month_of(LedgerTransaction.created_at)
    into_escrow = sa.and_(
        LedgerAccount.kind == AccountKind.PROJECT_ESCROW,
        LedgerTransaction.kind != TransactionKind.DISBURSEMENT,
    )
    rows = db.session.execute(
        sa.select(
            month,
            _sum_where(into_escrow, LedgerEntry.amount),
            _disbursed(LedgerEntry.amount),
        )
        .select_from(LedgerEntry)
        .join(LedgerEntry.account)
        .join(LedgerEntry.transaction)
        .where(LedgerAccount.kind.in_(PROJECT_KINDS), LedgerTransaction.created_at >= first)
        .group_by(month)
    )
    amounts = {label: (raised, disbursed) for label, raised, disbursed in rows}
    shares = []
    for offset in range(months):
        day = _first_of_month(first, -offset)
        raised, disbursed = amounts.get(day.strftime("%Y-%m"), (0, 0))
        shares.append(Share(day.date(), raised, disbursed))
    return shares


def by_donor_country():
    """A Share per donors' country of residence (richest first): kept gifts and donors."""
    rows = db.session.execute(
        sa.select(
            User.country,
            sa.func.count(sa.distinct(Pledge.donor_id)),
            sum_of(Pledge.captured_mad - Pledge.refunded_mad),
        )
        .join(Pledge.donor)
        .where(_KEPT)
        .group_by(User.country)
    )
    return _richest_first(Share(country, raised, 0, donors) for country, donors, raised in rows)


def _richest_first(shares):
    return sorted(shares, key=lambda share: (-share.raised, -share.count, str(share.key)))


def _first_of_month(moment, months_back):
    """Midnight on the first day of the month `months_back` before `moment`'s (negative: after)."""
    index = moment.year * 12 + moment.month - 1 - months_back
    return datetime(index // 12, index % 12 + 1, 1)


def _month_of(column):
    """The "YYYY-MM" of a timestamp column, computed by the database."""
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.to_char(column, "YYYY-MM")
    return sa.func.strftime("%Y-%m", column)
