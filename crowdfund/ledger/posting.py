"""Posting: accounts on first use, balanced transactions once per key, reversals.

These functions flush and never commit.
"""

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from crowdfund.extensions import db
from crowdfund.ledger.errors import (
    InsufficientFunds,
    LedgerConflict,
    LedgerError,
    UnbalancedTransaction,
)
from crowdfund.ledger.models import (
    FUND_KINDS,
    HELD_KINDS,
    PROJECT_KINDS,
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from crowdfund.timeutil import utcnow
from crowdfund.transactions import transaction_cache


def account_for(kind, *, currency="MAD", project=None, matching_fund_id=None):
    """The account of `kind` of a project, a matching fund or the platform, created on first use.

    Escrow and disbursed accounts belong to a project (in its currency), pool and
    sponsor accounts to a matching fund, the others to the platform.
    """
    kind = AccountKind(kind)
    _check_owner(kind, currency, project, matching_fund_id)
    owner = (kind, currency, project.id if project is not None else None, matching_fund_id)
    known = transaction_cache("ledger_accounts")
    if owner in known:
        return known[owner]
    query = sa.select(LedgerAccount).filter_by(
        kind=kind, currency=currency, project_id=owner[2], matching_fund_id=matching_fund_id
    )
    account = db.session.scalar(query)
    if account is None:
        account = _create_account(query, kind, currency, project, matching_fund_id)
    known[owner] = account
    return account


def _create_account(query, kind, currency, project, matching_fund_id):
    try:
        with db.session.begin_nested():
            account = LedgerAccount(
                kind=kind,
                currency=currency,
                project=project,
                matching_fund_id=matching_fund_id,
                balance=0,
            )
            db.session.add(account)
    except sa.exc.IntegrityError:
        # Created meanwhile by a concurrent transaction (the unique indexes): use that one.
        return db.session.scalars(query).one()
    return account


def _check_owner(kind, currency, project, matching_fund_id):
    needs_project = kind in PROJECT_KINDS
    if needs_project != (project is not None):
        raise LedgerError(f"a {kind} account {'needs' if needs_project else 'takes no'} project")
    needs_fund = kind in FUND_KINDS
    if needs_fund != (matching_fund_id is not None):
        raise LedgerError(f"a {kind} account {'needs' if needs_fund else 'takes no'} matching fund")
    if project is not None and currency != project.currency:
        raise LedgerError(f"project {project.id} keeps its money in {project.currency}")


def post(kind, key, lines, *, memo="", project=None):
    """Post a transaction of (account, signed amount) `lines` once under `key`; return it.

    Refuses lines that do not sum to zero in each currency and any that would take
    an escrow, disbursed or pool account below zero (InsufficientFunds). Posting a
    key again returns the transaction already posted if the lines are the same and
    raises LedgerConflict if they are not.
    """
    project_id = project.id if project is not None else None
    return _post(TransactionKind(kind), key, list(lines), memo=memo, project_id=project_id)


def reverse(transaction, key=None):
    """Post the opposite of `transaction` once (under "reversal:<its key>" by default)."""
    key = key or f"reversal:{transaction.key}"
    earlier = db.session.scalar(sa.select(LedgerTransaction).filter_by(reverses_id=transaction.id))
    if earlier is not None and earlier.key != key:
        raise LedgerConflict(f"{transaction.key} is already reversed by {earlier.key}")
    return _post(
        transaction.kind,
        key,
        [(entry.account, -entry.amount) for entry in transaction.entries],
        memo=f"Reversal of {transaction.key}",
        project_id=transaction.project_id,
        reverses=transaction,
    )


def _post(kind, key, lines, *, memo, project_id, reverses=None):
    _check_balanced(lines)
    _lock_held_accounts(lines)
    try:
        _check_funds(lines)
    except InsufficientFunds:
        # Posted already (the balances have moved on since): the same key is the same posting.
        posted = _find(key)
        if posted is None:
            raise
        return _same_or_conflict(posted, kind, lines, reverses)
    now = utcnow()
    try:
        # A savepoint: a key posted meanwhile by a concurrent transaction fails alone.
        # The key is not looked up first: a key posted again is rare, a new one the rule.
        with db.session.begin_nested():
            transaction = LedgerTransaction(
                kind=kind,
                key=key,
                memo=memo,
                project_id=project_id,
                reverses=reverses,
                created_at=now,
                entries=[
                    LedgerEntry(
                        account=account, amount=amount, currency=account.currency, created_at=now
                    )
                    for account, amount in lines
                ],
            )
            db.session.add(transaction)
    except sa.exc.IntegrityError:
        posted = _find(key)
        if posted is None:
            raise
        return _same_or_conflict(posted, kind, lines, reverses)
    _add_to_balances(lines)
    return transaction


def _check_balanced(lines):
    if not lines:
        raise UnbalancedTransaction("a transaction needs lines")
    totals = defaultdict(int)
    for account, amount in lines:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount == 0:
            raise UnbalancedTransaction(f"amounts are non-zero integers, not {amount!r}")
        totals[account.currency] += amount
    off = ", ".join(f"{total:+d} {currency}" for currency, total in sorted(totals.items()) if total)
    if off:
        raise UnbalancedTransaction(f"the lines do not sum to zero: {off}")


def _find(key):
    return db.session.scalar(sa.select(LedgerTransaction).filter_by(key=key))


def _same_or_conflict(posted, kind, lines, reverses):
    same = (
        posted.kind == kind
        and posted.reverses_id == (reverses.id if reverses is not None else None)
        and sorted((entry.account_id, entry.amount) for entry in posted.entries)
        == sorted((account.id, amount) for account, amount in lines)
    )
    if not same:
        raise LedgerConflict(f"{posted.key} is already posted with other lines")
    return posted


def _lock_held_accounts(lines):
    """Lock the accounts that may not go below zero and reload their balances.

    Always in id order, so that concurrent postings wait for one another instead
    of deadlocking; an account already locked in this transaction is not read again.
    The other accounts are locked by the update of their balance.
    """
    held = transaction_cache("locked_rows")
    wanted = {
        account.id
        for account, _amount in lines
        if account.kind in HELD_KINDS and (LedgerAccount, account.id) not in held
    }
    if not wanted:
        return
    db.session.scalars(
        sa.select(LedgerAccount)
        .where(LedgerAccount.id.in_(wanted))
        .order_by(LedgerAccount.id)
        .with_for_update(key_share=True)  # FOR NO KEY UPDATE: see pledges/locks.py
        .execution_options(populate_existing=True)
    ).all()
    held.update(dict.fromkeys(((LedgerAccount, account_id) for account_id in wanted), True))


def _add_to_balances(lines):
    """Add each line to its account's cached balance, in id order, in the database itself.

    `balance = balance + change` in SQL: an account nobody locked before (the
    processor's clearing account, shared by every capture) is read and written
    in one statement, under the row lock that statement takes.
    """
    changes = defaultdict(int)
    for account, amount in lines:
        changes[account] += amount
    accounts = sorted(changes, key=lambda account: account.id)
    db.session.execute(
        sa.update(LedgerAccount.__table__)
        .where(LedgerAccount.__table__.c.id == sa.bindparam("account_id"))
        .values(balance=LedgerAccount.__table__.c.balance + sa.bindparam("change")),
        [{"account_id": account.id, "change": changes[account]} for account in accounts],
    )
    held = transaction_cache("locked_rows")
    for account in accounts:
        if (LedgerAccount, account.id) in held:
            set_committed_value(account, "balance", account.balance + changes[account])
        elif account in db.session:
            db.session.expire(account, ["balance"])


def _check_funds(lines):
    changes = defaultdict(int)
    for account, amount in lines:
        changes[account] += amount
    for account, change in changes.items():
        if account.kind in HELD_KINDS and account.balance + change < 0:
            raise InsufficientFunds(account, account.balance, -change)
