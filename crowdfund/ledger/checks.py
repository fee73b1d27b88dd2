"""The ledger's invariants, checked on the whole database by a fixed number of aggregate queries.

Each check returns a message per breach. Other domains add cross-checks (the
ledger against their own tables) with `register_check`.
"""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.models import (
    HELD_KINDS,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    account_label,
)
from crowdfund.ledger.reading import money_by_project, sum_of
from crowdfund.timeutil import utcnow

_registered_checks = []


def register_check(check):
    """Have `check_ledger` also run `check()`, which returns breach messages; a decorator too."""
    if check not in _registered_checks:
        _registered_checks.append(check)
    return check


def check_ledger():
    """A message for every breach of the ledger's invariants; empty when the ledger is sound."""
    return [message for check in (*_BUILT_IN, *_registered_checks) for message in check()]


def ledger_size():
    """(transactions, entries, accounts) in the ledger; one query."""
    counts = [
        sa.select(sa.func.count()).select_from(model).scalar_subquery()
        for model in (LedgerTransaction, LedgerEntry, LedgerAccount)
    ]
    return tuple(db.session.execute(sa.select(*counts)).one())


def _rows(statement):
    return db.session.execute(statement).all()


def transactions_sum_to_zero():
    """Invariant 1: every transaction sums to zero in each currency."""
    total = sum_of(LedgerEntry.amount)
    rows = _rows(
        sa.select(LedgerTransaction.key, LedgerEntry.currency, total)
        .join(LedgerEntry.transaction)
        .group_by(LedgerTransaction.id, LedgerTransaction.key, LedgerEntry.currency)
        .having(total != 0)
        .order_by(LedgerTransaction.id, LedgerEntry.currency)
    )
    return [
        f"Transaction {key} does not sum to zero in {currency}: {amount:+d}."
        for key, currency, amount in rows
    ]


def balances_equal_entries():
    """Invariant 2: each account's cached balance is the sum of its entries."""
    sums = (
        sa.select(LedgerEntry.account_id, sum_of(LedgerEntry.amount).label("total"))
        .group_by(LedgerEntry.account_id)
        .subquery()
    )
    total = sa.func.coalesce(sums.c.total, 0)
    rows = _rows(
        sa.select(
            LedgerAccount.kind,
            LedgerAccount.id,
            LedgerAccount.project_id,
            LedgerAccount.matching_fund_id,
            LedgerAccount.balance,
            total,
        )
        .outerjoin(sums, sums.c.account_id == LedgerAccount.id)
        .where(LedgerAccount.balance != total)
        .order_by(LedgerAccount.id)
    )
    return [
        f"{account_label(*owner)} has a balance of {balance} but its entries sum to {entries}."
        for *owner, balance, entries in rows
    ]


def entries_untouched():
    """Invariant 3, as far as rows can show it: entries were neither changed nor deleted."""
    return [
        *_entries_dated_with_their_transaction(),
        *_entries_without_transaction(),
        *_transactions_missing_entries(),
        *_reversals_not_mirroring(),
    ]


def _entries_dated_with_their_transaction():
    now = utcnow()
    rows = _rows(
        sa.select(
            LedgerEntry.id,
            LedgerEntry.created_at,
            LedgerTransaction.key,
            LedgerTransaction.created_at,
        )
        .join(LedgerEntry.transaction)
        .where(
            sa.or_(
                LedgerEntry.created_at > now,
                LedgerEntry.created_at != LedgerTransaction.created_at,
            )
        )
    )
    return [
        f"Entry #{entry_id} is dated {dated}, not when transaction {key} was posted ({posted})."
        for entry_id, dated, key, posted in rows
    ]


def _entries_without_transaction():
    rows = _rows(
        sa.select(LedgerEntry.id, LedgerEntry.transaction_id)
        .outerjoin(LedgerEntry.transaction)
        .where(LedgerTransaction.id.is_(None))
    )
    return [
        f"Entry #{entry_id} belongs to transaction #{transaction_id}, which does not exist."
        for entry_id, transaction_id in rows
    ]


def _transactions_missing_entries():
    count = sa.func.count(LedgerEntry.id)
    rows = _rows(
        sa.select(LedgerTransaction.key, count)
        .outerjoin(LedgerTransaction.entries)
        .group_by(LedgerTransaction.id, LedgerTransaction.key)
        .having(count < 2)
        .order_by(LedgerTransaction.id)
    )
    return [
        f"Transaction {key} has {n} entries; every transaction has two or more." for key, n in rows
    ]


def _reversals_not_mirroring():
    reversal = sa.orm.aliased(LedgerTransaction)
    # The entries of a reversal and of what it reverses cancel out on every account.
    rows = _rows(
        sa.select(reversal.key, LedgerEntry.account_id)
        .join(
            LedgerEntry,
            sa.or_(
                LedgerEntry.transaction_id == reversal.id,
                LedgerEntry.transaction_id == reversal.reverses_id,
            ),
        )
        .where(reversal.reverses_id.is_not(None))
        .group_by(reversal.id, reversal.key, LedgerEntry.account_id)
        .having(sa.func.sum(LedgerEntry.amount) != 0)
        .order_by(reversal.id, LedgerEntry.account_id)
    )
    return [
        f"Reversal {key} does not exactly undo what it reverses on account #{account_id}."
        for key, account_id in rows
    ]


def held_accounts_never_negative():
    """Invariant 4: escrows, disbursed accounts and pools never went below zero, at any time."""
    # Transaction ids grow in posting order on each account, whose row posting locks.
    per_transaction = (
        sa.select(
            LedgerEntry.account_id,
            LedgerEntry.transaction_id,
            sa.func.sum(LedgerEntry.amount).label("amount"),
        )
        .join(LedgerEntry.account)
        .where(LedgerAccount.kind.in_(HELD_KINDS))
        .group_by(LedgerEntry.account_id, LedgerEntry.transaction_id)
        .subquery()
    )
    running = sa.select(
        per_transaction.c.account_id,
        sa.cast(
            sa.func.sum(per_transaction.c.amount).over(
                partition_by=per_transaction.c.account_id,
                order_by=per_transaction.c.transaction_id,
            ),
            sa.BigInteger,
        ).label("balance"),
    ).subquery()
    lowest = sa.func.min(running.c.balance)
    rows = _rows(
        sa.select(
            LedgerAccount.kind,
            LedgerAccount.id,
            LedgerAccount.project_id,
            LedgerAccount.matching_fund_id,
            LedgerAccount.currency,
            lowest,
        )
        .join(running, running.c.account_id == LedgerAccount.id)
        .group_by(
            LedgerAccount.kind,
            LedgerAccount.id,
            LedgerAccount.project_id,
            LedgerAccount.matching_fund_id,
            LedgerAccount.currency,
        )
        .having(lowest < 0)
        .order_by(LedgerAccount.id)
    )
    return [
        f"{account_label(*owner)} went down to {low} {currency}; it may never go below zero."
        for *owner, currency, low in rows
    ]


def one_transaction_per_key():
    """Invariant 5: one transaction per idempotency key, and one reversal per transaction."""
    messages = []
    for column, describe in (
        (LedgerTransaction.key, "Key {} is posted {} times."),
        (LedgerTransaction.reverses_id, "Transaction #{} is reversed {} times."),
    ):
        count = sa.func.count()
        rows = _rows(
            sa.select(column, count)
            .where(column.is_not(None))
            .group_by(column)
            .having(count > 1)
            .order_by(column)
        )
        messages += [describe.format(value, n) for value, n in rows]
    return messages


def projects_add_up():
    """Invariant 6: raised = captured pledges + matches + co-funding − refunds ≥ disbursed."""
    messages = []
    for project_id, money in sorted(money_by_project().items()):
        currency = money.currency
        if money.raised != money.sources_total:
            messages.append(
                f"Project {project_id} holds and has disbursed {money.raised} {currency}, but "
                f"its pledges, matches and co-funding less refunds come to "
                f"{money.sources_total} {currency}."
            )
        if money.disbursed > money.sources_total:
            messages.append(
                f"Project {project_id} has disbursed {money.disbursed} {currency}, more than "
                f"the {money.sources_total} {currency} it raised."
            )
    return messages


_BUILT_IN = (
    transactions_sum_to_zero,
    balances_equal_entries,
    entries_untouched,
    held_accounts_never_negative,
    one_transaction_per_key,
    projects_add_up,
)
