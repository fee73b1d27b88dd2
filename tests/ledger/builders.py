"""Postings as the money domains make them, and raw rows that bypass the posting service."""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.models import AccountKind, LedgerEntry, LedgerTransaction, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.matching.models import MatchingFund
from crowdfund.timeutil import utcnow
from tests.factories.matching import MatchingFundFactory


def escrow(project):
    return account_for(AccountKind.PROJECT_ESCROW, project=project)


def disbursed(project):
    return account_for(AccountKind.PROJECT_DISBURSED, project=project)


def clearing(currency="MAD"):
    return account_for(AccountKind.PROCESSOR_CLEARING, currency=currency)


def fund_id(number):
    """The id of the matching fund the tests call `number`, created on first use."""
    name = f"Ledger test fund {number}"
    fund = db.session.scalar(sa.select(MatchingFund).filter_by(name=name))
    return (fund or MatchingFundFactory(name=name)).id


def pool(number):
    return account_for(AccountKind.MATCHING_POOL, matching_fund_id=fund_id(number))


def capture(project, amount, key, fee=0):
    """A pledge of `amount` charged with the processor keeping `fee` on top."""
    lines = [(clearing(), -(amount + fee)), (escrow(project), amount)]
    if fee:
        lines.append((account_for(AccountKind.PROCESSING_FEES), fee))
    return post(TransactionKind.CAPTURE, key, lines, project=project)


def refund(project, amount, key):
    lines = [(escrow(project), -amount), (clearing(), amount)]
    return post(TransactionKind.REFUND, key, lines, project=project)


def fund_pool(number, amount, key):
    sponsor = account_for(AccountKind.SPONSOR_FUNDING, matching_fund_id=fund_id(number))
    return post(TransactionKind.POOL_FUNDING, key, [(sponsor, -amount), (pool(number), amount)])


def match(number, project, amount, key):
    lines = [(pool(number), -amount), (escrow(project), amount)]
    return post(TransactionKind.MATCH, key, lines, project=project)


def co_fund(project, amount, key):
    institution = account_for(AccountKind.INSTITUTIONAL_FUNDING)
    lines = [(institution, -amount), (escrow(project), amount)]
    return post(TransactionKind.CO_FUNDING, key, lines, project=project)


def disburse(project, amount, key):
    lines = [(escrow(project), -amount), (disbursed(project), amount)]
    return post(TransactionKind.DISBURSEMENT, key, lines, project=project)


def insert_raw(kind, key, lines, *, created_at=None, reverses_id=None, move_balances=False):
    """Write a transaction straight into the tables, as a bug or a hand-made fix could.

    `lines` are (account, amount) pairs; with `move_balances` the cached balances follow.
    """
    db.session.flush()
    created_at = created_at or utcnow()
    transaction_id = db.session.execute(
        sa.insert(LedgerTransaction.__table__).values(
            kind=kind, key=key, memo="", created_at=created_at, reverses_id=reverses_id
        )
    ).inserted_primary_key[0]
    for account, amount in lines:
        db.session.execute(
            sa.insert(LedgerEntry.__table__).values(
                transaction_id=transaction_id,
                account_id=account.id,
                currency=account.currency,
                amount=amount,
                created_at=created_at,
            )
        )
        if move_balances:
            set_raw_balance(account, f"balance + {amount}")
    return transaction_id


def set_raw_balance(account, expression):
    """Change an account's cached balance behind the posting service's back."""
    db.session.execute(
        sa.text(f"UPDATE ledger_accounts SET balance = {expression} WHERE id = :id"),
        {"id": account.id},
    )
