"""Reading the ledger: balances, and a project's money by where it came from."""

from dataclasses import dataclass

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

#: The ProjectMoney field each kind of transaction adds to; disbursements only move money within.
SOURCE_OF_KIND = {
    TransactionKind.CAPTURE: "pledges",
    TransactionKind.REFUND: "pledges",
    TransactionKind.MATCH: "matching",
    TransactionKind.CO_FUNDING: "co_funding",
}


@dataclass(frozen=True)
class ProjectMoney:
    """A project's money in minor units of `currency`."""

    currency: str
    #: In escrow, waiting for milestones.
    held: int = 0
    disbursed: int = 0
    #: Captured pledges less refunds.
    pledges: int = 0
    matching: int = 0
    co_funding: int = 0

    @property
    def raised(self):
        return self.held + self.disbursed

    @property
    def sources_total(self):
        """What the sources add up to; equal to `raised` in a sound ledger."""
        return self.pledges + self.matching + self.co_funding


def sum_of(amounts):
    """SQL SUM of amounts, as an integer: PostgreSQL sums BIGINT into NUMERIC."""
    return sa.cast(sa.func.sum(amounts), sa.BigInteger)


def balance_of(account):
    """The account's balance as stored now, whatever this session has cached."""
    return db.session.scalar(sa.select(LedgerAccount.balance).where(LedgerAccount.id == account.id))


def project_money(project):
    """`project`'s ProjectMoney, from one aggregate query."""
    return money_by_project([project.id]).get(project.id, ProjectMoney(project.currency))


def money_by_project(project_ids=None):
    """{project id: ProjectMoney} of the given projects (all when None) with ledger entries.

    One aggregate query: entries on project accounts summed by account kind and
    transaction kind.
    """
    statement = (
        sa.select(
            LedgerAccount.project_id,
            LedgerAccount.currency,
            LedgerAccount.kind,
            LedgerTransaction.kind,
            sum_of(LedgerEntry.amount),
        )
        .select_from(LedgerEntry)
        .join(LedgerEntry.account)
        .join(LedgerEntry.transaction)
        .where(LedgerAccount.kind.in_(PROJECT_KINDS))
        .group_by(
            LedgerAccount.project_id,
            LedgerAccount.currency,
            LedgerAccount.kind,
            LedgerTransaction.kind,
        )
    )
    if project_ids is not None:
        statement = statement.where(LedgerAccount.project_id.in_(project_ids))
    fields = {}
    for project_id, currency, account_kind, transaction_kind, amount in db.session.execute(
        statement
    ):
        money = fields.setdefault(project_id, {"currency": currency})
        place = "held" if account_kind == AccountKind.PROJECT_ESCROW else "disbursed"
        money[place] = money.get(place, 0) + amount
        source = SOURCE_OF_KIND.get(transaction_kind)
        if source is not None:
            money[source] = money.get(source, 0) + amount
    return {project_id: ProjectMoney(**money) for project_id, money in fields.items()}
