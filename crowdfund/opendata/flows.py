"""Projects' money flows as the public may see them, read from the ledger.

Gifts are summed per day and source, so that no flow names or singles out a
donor; disbursements are listed one by one, with the milestone they paid for.
Amounts are signed integers in minor units: incoming flows and refunds add up
to what a project raised, disbursements to what it has been paid.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.models import (
    PROJECT_KINDS,
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from crowdfund.ledger.reading import sum_of
from crowdfund.matching.models import MatchingFund
from crowdfund.milestones.models import Disbursement
from crowdfund.projects.models import Milestone


class FlowType(StrEnum):
    #: Money received into the project's escrow.
    INCOMING = "incoming"
    #: Money given back: refunds to donors, the matching share they carried, reversals.
    REFUND = "refund"
    #: A tranche released to the organisation that carries out the project.
    DISBURSEMENT = "disbursement"


class FlowSource(StrEnum):
    DIASPORA = "diaspora"
    MATCHING = "matching"
    CO_FUNDING = "co_funding"


#: Where the money of each kind of ledger transaction comes from.
SOURCE_OF_KIND = {
    TransactionKind.CAPTURE: FlowSource.DIASPORA,
    TransactionKind.REFUND: FlowSource.DIASPORA,
    TransactionKind.MATCH: FlowSource.MATCHING,
    TransactionKind.CO_FUNDING: FlowSource.CO_FUNDING,
}


@dataclass(frozen=True)
class FundName:
    name: str
    sponsor: str


@dataclass(frozen=True)
class MilestoneName:
    position: int
    title: str


@dataclass(frozen=True)
class Flow:
    """Money that moved on one day: a sum of gifts or refunds, or one disbursement."""

    project_id: int
    type: FlowType
    #: None for disbursements.
    source: FlowSource | None
    #: The day (UTC) the ledger recorded it.
    day: date
    #: Signed: what it changed in the project's raised total (disbursed total for disbursements).
    amount: int
    currency: str
    #: How many ledger transactions it sums up.
    count: int
    #: The matching fund, for matching flows.
    fund: FundName | None = None
    #: The milestone a disbursement paid for, when its release recorded one.
    milestone: MilestoneName | None = None
    #: What a disbursement paid for: its milestone's title, else the ledger's memo.
    description: str = ""


@dataclass(frozen=True)
class FlowTotals:
    """What a project's flows add up to; equal to the ledger's balances in a sound ledger."""

    currency: str
    incoming: int
    refunded: int
    disbursed: int

    @property
    def raised(self):
        return self.incoming + self.refunded

    @property
    def held(self):
        return self.raised - self.disbursed


def totals_of(flows, currency):
    def total(flow_type):
        return sum(flow.amount for flow in flows if flow.type == flow_type)

    return FlowTotals(
        currency=currency,
        incoming=total(FlowType.INCOMING),
        refunded=total(FlowType.REFUND),
        disbursed=total(FlowType.DISBURSEMENT),
    )


def project_flows(project):
    """`project`'s flows, oldest first."""
    return flows_by_project([project.id]).get(project.id, [])


def flows_by_project(project_ids):
    """{project id: its flows, oldest first} for the given projects, in three queries at most."""
    project_ids = list(project_ids)
    if not project_ids:
        return {}
    gifts = _gift_rows(project_ids)
    funds = _fund_names({row.fund_id for row in gifts if row.fund_id is not None})
    flows = {}
    for row in gifts:
        for flow in _gift_flows(row, funds):
            flows.setdefault(flow.project_id, []).append(flow)
    for flow in _disbursements(project_ids):
        flows.setdefault(flow.project_id, []).append(flow)
    for project_flow_list in flows.values():
        project_flow_list.sort(key=_chronological)
    return flows


_TYPE_ORDER = {FlowType.INCOMING: 0, FlowType.REFUND: 1, FlowType.DISBURSEMENT: 2}
_SOURCE_ORDER = {None: 0, FlowSource.DIASPORA: 1, FlowSource.MATCHING: 2, FlowSource.CO_FUNDING: 3}


def _chronological(flow):
    fund = (flow.fund.name, flow.fund.sponsor) if flow.fund else ("", "")
    return (flow.day, _TYPE_ORDER[flow.type], _SOURCE_ORDER[flow.source], fund)


def _gift_transactions(project_ids):
    """Each gift, match, co-funding or refund, with what it changed in its project's raised."""
    on_project = sa.and_(
        LedgerAccount.project_id == LedgerTransaction.project_id,
        LedgerAccount.kind.in_(PROJECT_KINDS),
    )
    return (
        sa.select(
            LedgerTransaction.id,
            LedgerTransaction.project_id,
            LedgerTransaction.kind,
            LedgerTransaction.created_at,
            sa.func.max(LedgerAccount.currency).filter(on_project).label("currency"),
            sum_of(sa.case((on_project, LedgerEntry.amount), else_=0)).label("raised"),
            # The matching fund whose pool a match came from (or went back to).
            sa.func.max(LedgerAccount.matching_fund_id).label("fund_id"),
        )
        .select_from(LedgerEntry)
        .join(LedgerEntry.account)
        .join(LedgerEntry.transaction)
        .where(
            LedgerTransaction.kind.in_(SOURCE_OF_KIND),
            LedgerTransaction.project_id.in_(project_ids),
        )
        .group_by(
            LedgerTransaction.id,
            LedgerTransaction.project_id,
            LedgerTransaction.kind,
            LedgerTransaction.created_at,
        )
    )


def _gift_rows(project_ids):
    """Per project, kind of transaction, day and fund: money in and money given back."""
    per_transaction = _gift_transactions(project_ids).subquery()
    raised = per_transaction.c.raised
    day = sa.func.date(per_transaction.c.created_at)
    return db.session.execute(
        sa.select(
            per_transaction.c.project_id,
            per_transaction.c.kind,
            day.label("day"),
            per_transaction.c.fund_id,
            sa.func.max(per_transaction.c.currency).label("currency"),
            sum_of(sa.case((raised > 0, raised), else_=0)).label("incoming"),
            sa.func.count(sa.case((raised > 0, 1))).label("incoming_count"),
            sum_of(sa.case((raised < 0, raised), else_=0)).label("returned"),
            sa.func.count(sa.case((raised < 0, 1))).label("returned_count"),
        ).group_by(
            per_transaction.c.project_id,
            per_transaction.c.kind,
            day,
            per_transaction.c.fund_id,
        )
    ).all()


def _gift_flows(row, funds):
    source = SOURCE_OF_KIND[row.kind]
    fund = funds.get(row.fund_id) if source == FlowSource.MATCHING else None
    common = {
        "project_id": row.project_id,
        "source": source,
        "day": _as_date(row.day),
        "currency": row.currency,
        "fund": fund,
    }
    # A refund transaction only ever gives back; other kinds do when they are reversed.
    if row.incoming_count:
        yield Flow(type=FlowType.INCOMING, amount=row.incoming, count=row.incoming_count, **common)
    if row.returned_count:
        yield Flow(type=FlowType.REFUND, amount=row.returned, count=row.returned_count, **common)


def _disbursements(project_ids):
    """Each disbursement, with the milestone it paid for when the release recorded one."""
    statement = (
        sa.select(
            LedgerTransaction.project_id,
            LedgerTransaction.created_at,
            LedgerTransaction.memo,
            LedgerAccount.currency,
            sum_of(LedgerEntry.amount).label("amount"),
            Milestone.position,
            Milestone.title,
        )
        .select_from(LedgerEntry)
        .join(LedgerEntry.account)
        .join(LedgerEntry.transaction)
        .outerjoin(Disbursement, Disbursement.ledger_transaction_id == LedgerTransaction.id)
        .outerjoin(Milestone, Milestone.id == Disbursement.milestone_id)
        .where(
            LedgerTransaction.kind == TransactionKind.DISBURSEMENT,
            LedgerTransaction.project_id.in_(project_ids),
            LedgerAccount.kind == AccountKind.PROJECT_DISBURSED,
            LedgerAccount.project_id == LedgerTransaction.project_id,
        )
        .group_by(
            LedgerTransaction.id,
            LedgerTransaction.project_id,
            LedgerTransaction.created_at,
            LedgerTransaction.memo,
            LedgerAccount.currency,
            Milestone.position,
            Milestone.title,
        )
        .order_by(LedgerTransaction.id)
    )
    return [
        Flow(
            project_id=row.project_id,
            type=FlowType.DISBURSEMENT,
            source=None,
            day=row.created_at.date(),
            amount=row.amount,
            currency=row.currency,
            count=1,
            milestone=MilestoneName(row.position, row.title) if row.title is not None else None,
            description=row.title if row.title is not None else row.memo,
        )
        for row in db.session.execute(statement)
    ]


def _fund_names(fund_ids):
    if not fund_ids:
        return {}
    rows = db.session.execute(
        sa.select(MatchingFund.id, MatchingFund.name, MatchingFund.sponsor).where(
            MatchingFund.id.in_(fund_ids)
        )
    )
    return {fund_id: FundName(name, sponsor) for fund_id, name, sponsor in rows}


def _as_date(value):
    """SQL date() answers a date on PostgreSQL and an ISO string on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(value)
