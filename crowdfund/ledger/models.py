"""Ledger accounts, transactions and entries; posted transactions and entries are never changed.

Sign convention: an entry is positive when money comes into its account and
negative when it leaves it, so moving x from A to B is the lines (A, -x), (B, +x).
Accounts that hold money (escrows, disbursed, pools) never go below zero; the
accounts through which money comes in from outside (processor clearing,
sponsor and institutional funding) go negative as it comes in.
"""

from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.ledger.errors import AppendOnlyViolation
from crowdfund.models import TimestampMixin, enum_column, make_append_only


class AccountKind(StrEnum):
    #: A project's money held until it is released against a milestone.
    PROJECT_ESCROW = "project_escrow"
    #: What has been released to a project.
    PROJECT_DISBURSED = "project_disbursed"
    #: A matching fund's money not yet given to a project.
    MATCHING_POOL = "matching_pool"
    #: Where a matching fund's money comes from: its sponsors.
    SPONSOR_FUNDING = "sponsor_funding"
    #: Where institutional co-funding (commune, region, ministry) comes from.
    INSTITUTIONAL_FUNDING = "institutional_funding"
    #: Card money on its way through the payment processor, in and (refunds) out.
    PROCESSOR_CLEARING = "processor_clearing"
    #: What the payment processor keeps for its service.
    PROCESSING_FEES = "processing_fees"


#: Accounts that hold money: their balance never goes below zero.
HELD_KINDS = frozenset(
    {AccountKind.PROJECT_ESCROW, AccountKind.PROJECT_DISBURSED, AccountKind.MATCHING_POOL}
)
#: Accounts that belong to a project; the others belong to a matching fund or to the platform.
PROJECT_KINDS = frozenset({AccountKind.PROJECT_ESCROW, AccountKind.PROJECT_DISBURSED})
FUND_KINDS = frozenset({AccountKind.MATCHING_POOL, AccountKind.SPONSOR_FUNDING})


# A reversal keeps the kind of the transaction it reverses, so sums by kind are net of corrections.
class TransactionKind(StrEnum):
    #: A pledge charged: processor clearing → escrow (and processing fees).
    CAPTURE = "capture"
    #: Money given back to a donor: escrow → processor clearing.
    REFUND = "refund"
    #: A matching fund's share of a pledge: pool → escrow (escrow → pool when given back).
    MATCH = "match"
    #: Institutional co-funding received: institutional funding → escrow.
    CO_FUNDING = "co_funding"
    #: A milestone's tranche released: escrow → disbursed.
    DISBURSEMENT = "disbursement"
    #: A sponsor funding a matching fund: sponsor funding → pool.
    POOL_FUNDING = "pool_funding"


def account_label(kind, account_id, project_id=None, matching_fund_id=None):
    """How messages name an account, e.g. "project_escrow account #3 of project 17"."""
    if project_id is not None:
        owner = f" of project {project_id}"
    elif matching_fund_id is not None:
        owner = f" of matching fund {matching_fund_id}"
    else:
        owner = ""
    return f"{kind} account #{account_id}{owner}"


def _unique_per_owner(name, owner_columns, where):
    """One account per kind and currency for each owner (NULLs would not count as equal)."""
    return sa.Index(
        name,
        "kind",
        "currency",
        *owner_columns,
        unique=True,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )


_HELD_VALUES = ", ".join(f"'{kind.value}'" for kind in sorted(HELD_KINDS))


class LedgerAccount(TimestampMixin, db.Model):
    """An account of the ledger; `balance` caches the sum of its entries, kept by posting."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (
        sa.CheckConstraint(
            "project_id IS NULL OR matching_fund_id IS NULL", name="one_owner_at_most"
        ),
        sa.CheckConstraint(
            f"balance >= 0 OR kind NOT IN ({_HELD_VALUES})", name="held_balance_not_negative"
        ),
        # Referenced by entries with their currency, so that an entry is in its account's currency.
        sa.UniqueConstraint("id", "currency"),
        _unique_per_owner(
            "uq_ledger_accounts_project_owner", ["project_id"], "project_id IS NOT NULL"
        ),
        _unique_per_owner(
            "uq_ledger_accounts_fund_owner", ["matching_fund_id"], "matching_fund_id IS NOT NULL"
        ),
        _unique_per_owner(
            "uq_ledger_accounts_platform_owner",
            [],
            "project_id IS NULL AND matching_fund_id IS NULL",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AccountKind] = mapped_column(enum_column(AccountKind))
    currency: Mapped[str] = mapped_column(sa.String(3))
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    #: The matching fund owning a pool or sponsor account.
    matching_fund_id: Mapped[int | None] = mapped_column(sa.ForeignKey("matching_funds.id"))
    balance: Mapped[int] = mapped_column(sa.BigInteger, default=0)

    project = relationship("Project")

    def __str__(self):
        return account_label(self.kind, self.id, self.project_id, self.matching_fund_id)


class LedgerTransaction(TimestampMixin, db.Model):
    """A balanced set of entries, posted once under its idempotency `key`."""

    __tablename__ = "ledger_transactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[TransactionKind] = mapped_column(enum_column(TransactionKind))
    #: e.g. "capture:pi_123", "refund:re_456", "match:pledge:17", "reversal:capture:pi_123".
    key: Mapped[str] = mapped_column(sa.String(200), unique=True, index=True)
    memo: Mapped[str] = mapped_column(sa.String(500), default="")
    project_id: Mapped[int | None] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    #: The transaction this one reverses; each is reversed at most once.
    reverses_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ledger_transactions.id"), unique=True, index=True
    )

    entries = relationship("LedgerEntry", back_populates="transaction", order_by="LedgerEntry.id")
    reverses = relationship("LedgerTransaction", remote_side=[id])
    project = relationship("Project")


class LedgerEntry(TimestampMixin, db.Model):
    """One signed amount of a transaction on one account."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        sa.CheckConstraint("amount <> 0", name="amount_not_zero"),
        sa.ForeignKeyConstraint(
            ["account_id", "currency"], ["ledger_accounts.id", "ledger_accounts.currency"]
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[int] = mapped_column(sa.ForeignKey("ledger_transactions.id"), index=True)
    account_id: Mapped[int] = mapped_column(index=True)
    amount: Mapped[int] = mapped_column(sa.BigInteger)
    currency: Mapped[str] = mapped_column(sa.String(3))

    transaction = relationship("LedgerTransaction", back_populates="entries")
    account = relationship("LedgerAccount")


# ledger_transactions is created before ledger_entries (which references it) and dropped after.
make_append_only(
    (LedgerTransaction, LedgerEntry),
    error=AppendOnlyViolation,
    row_message="{model} #{id} is posted: correct it with a reversal",
    bulk_message="posted ledger rows are never changed: correct with a reversal",
    function_name="ledger_refuse_change",
    subject="the ledger",
    remedy="; correct with a reversal",
)
