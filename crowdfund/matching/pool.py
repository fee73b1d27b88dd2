"""A matching fund's pool in the ledger: its sponsor's money, posted once before its first match."""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.models import AccountKind, LedgerTransaction, TransactionKind
from crowdfund.ledger.posting import account_for, post


def pool_funding_key(fund):
    return f"pool:{fund.id}"


def ensure_pool_funded(fund):
    """Post sponsor → pool for the fund's pool amount unless its funding is already posted."""
    key = pool_funding_key(fund)
    posted = db.session.scalar(sa.select(LedgerTransaction).filter_by(key=key))
    if posted is not None:
        return posted
    sponsor = account_for(AccountKind.SPONSOR_FUNDING, matching_fund_id=fund.id)
    pool = account_for(AccountKind.MATCHING_POOL, matching_fund_id=fund.id)
    return post(
        TransactionKind.POOL_FUNDING,
        key,
        [(sponsor, -fund.pool_amount), (pool, fund.pool_amount)],
        memo=f"Pool of {fund.name}",
    )


def pool_account(fund):
    return account_for(AccountKind.MATCHING_POOL, matching_fund_id=fund.id)
