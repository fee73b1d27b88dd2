"""What matching adds to a pledge: eligible funds, the match, and setting it aside in the pool.

These are the functions the pledge flow calls. They flush and never commit.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.matching.models import MatchAllocation, MatchingFund, MatchingFundSector


class MatchRefused(ValueError):
    """An allocation or reversal the fund's terms do not allow.

    A guard for the pledge flow, not a message for donors: `available` is the
    most that could be allocated (or reversed) instead, in MAD minor units.
    """

    def __init__(self, message, available):
        super().__init__(message)
        self.available = available


@dataclass(frozen=True)
class MatchPreview:
    """What a pledge would become: "your 500 MAD becomes 1,000 MAD with <fund>"."""

    fund: MatchingFund
    pledge_amount: int
    match_amount: int

    @property
    def total(self):
        return self.pledge_amount + self.match_amount


def match_limit(fund, matched_for_project, pool_remaining):
    """The most `fund` may add to one pledge on a project, whatever the pledge; never negative.

    That is what is left of its pool, within its cap per pledge and what its cap
    per project leaves after `matched_for_project`.
    """
    limits = [pool_remaining]
    if fund.cap_per_pledge is not None:
        limits.append(fund.cap_per_pledge)
    if fund.cap_per_project is not None:
        limits.append(fund.cap_per_project - matched_for_project)
    return max(0, min(limits))


def compute_match(fund, pledge_amount, matched_for_project, pool_remaining):
    """The match `fund` adds to a pledge, in MAD minor units; never negative.

    The ratio is applied with integer arithmetic, rounding down, then capped by
    `match_limit`.
    """
    match = pledge_amount * fund.match_numerator // fund.match_denominator
    return max(0, min(match, match_limit(fund, matched_for_project, pool_remaining)))


def eligible_funds(project, on_date, *, lock=False):
    """The active funds open on `on_date` whose regions and sectors take `project`; one query.

    With `lock`, their rows are locked (in id order) until the transaction ends, so
    that their pools are read and drawn on one transaction at a time.
    """
    sector = project.sector_code
    region_id = (
        sa.select(Province.region_id)
        .join(Commune, Commune.province_id == Province.id)
        .where(Commune.id == project.commune_id)
        .scalar_subquery()
    )
    statement = (
        sa.select(MatchingFund)
        .where(
            MatchingFund.is_active,
            MatchingFund.starts_on <= on_date,
            MatchingFund.ends_on >= on_date,
            sa.or_(~MatchingFund.regions.any(), MatchingFund.regions.any(Region.id == region_id)),
            sa.or_(
                ~MatchingFund.sector_links.any(),
                MatchingFund.sector_links.any(MatchingFundSector.sector_code == sector),
            ),
        )
        .order_by(MatchingFund.id)
    )
    if lock:
        statement = _locking(statement)
    return db.session.scalars(statement).all()


def _locking(statement):
    # FOR NO KEY UPDATE (see pledges/locks.py), the rows read again.
    return statement.with_for_update(key_share=True, of=MatchingFund).execution_options(
        populate_existing=True
    )


def active_sum(where=None):
    """The sum of allocations less their reversals (only those `where` holds), as an integer."""
    total = sa.func.sum(MatchAllocation.amount - MatchAllocation.reversed_amount)
    if where is not None:
        total = total.filter(where)
    return sa.cast(sa.func.coalesce(total, 0), sa.BigInteger)


@dataclass(frozen=True)
class PoolUsage:
    """What a fund has given: in all, on one project, and whether to one pledge already."""

    pool_used: int = 0
    project_used: int = 0
    #: The fund's allocation to the pledge asked about, if it has one.
    allocation_id: int | None = None


def usage_of(fund_ids, project=None, pledge_id=None):
    """{fund id: PoolUsage}, on `project` and for `pledge_id` when given; one query."""
    on_project = MatchAllocation.project_id == (project.id if project is not None else None)
    to_pledge = MatchAllocation.pledge_id == pledge_id
    statement = (
        sa.select(
            MatchAllocation.matching_fund_id,
            active_sum(),
            active_sum(on_project),
            sa.func.max(MatchAllocation.id).filter(to_pledge),
        )
        .where(MatchAllocation.matching_fund_id.in_(fund_ids))
        .group_by(MatchAllocation.matching_fund_id)
    )
    usage = dict.fromkeys(fund_ids, PoolUsage())
    for fund_id, pool_used, project_used, allocation_id in db.session.execute(statement):
        usage[fund_id] = PoolUsage(pool_used, project_used, allocation_id)
    return usage


def used_by_fund(fund_ids, project=None):
    """{fund id: amount allocated and not reversed}, for one project when given; one query."""
    usage = usage_of(fund_ids, project)
    if project is None:
        return {fund_id: used.pool_used for fund_id, used in usage.items()}
    return {fund_id: used.project_used for fund_id, used in usage.items()}


def pool_remaining(fund):
    """What is left of the fund's pool: the pool less every active allocation."""
    return fund.pool_amount - used_by_fund([fund.id])[fund.id]


def matched_for_project(fund, project):
    """What the fund has matched so far on `project`, reversals deducted."""
    return used_by_fund([fund.id], project)[fund.id]


def _limit(fund, usage):
    return match_limit(fund, usage.project_used, fund.pool_amount - usage.pool_used)


def _best(funds, usage, pledge_amount):
    """The preview of the fund adding most to the pledge (the older on a tie), or None."""
    previews = [
        MatchPreview(
            fund,
            pledge_amount,
            compute_match(
                fund,
                pledge_amount,
                usage[fund.id].project_used,
                fund.pool_amount - usage[fund.id].pool_used,
            ),
        )
        for fund in funds
    ]
    if not previews:
        return None
    best = max(previews, key=lambda preview: (preview.match_amount, -preview.fund.id))
    return best if best.match_amount > 0 else None


def preview_match(project, pledge_amount, on_date):
    """The largest match any eligible fund would add to a pledge of `pledge_amount`, or None."""
    funds = eligible_funds(project, on_date)
    if not funds:
        return None
    return _best(funds, usage_of([fund.id for fund in funds], project), pledge_amount)


def match_pledge(project, pledge_id, pledge_amount, on_date):
    """Allocate the largest match any eligible fund adds to a captured pledge; None for none.

    The eligible funds are locked first, so concurrent captures draw on a pool one
    at a time and it is never overdrawn. Idempotent: a pledge already matched gets
    its allocation back unchanged. Three queries and the allocation's insert.
    """
    funds = eligible_funds(project, on_date, lock=True)
    if not funds:
        return None
    usage = usage_of([fund.id for fund in funds], project, pledge_id)
    for fund in funds:
        if usage[fund.id].allocation_id is not None:
            return db.session.get(MatchAllocation, usage[fund.id].allocation_id)
    best = _best(funds, usage, pledge_amount)
    if best is None:
        return None
    return _add_allocation(best.fund, project, pledge_id, best.match_amount)


def _lock_fund(fund_id):
    """Lock the fund's row until the transaction ends, so that pools are read one at a time."""
    return db.session.scalars(
        _locking(sa.select(MatchingFund).where(MatchingFund.id == fund_id))
    ).one()


def allocate_match(fund, project, pledge_id, amount):
    """Set `amount` of the fund's pool aside for a pledge and return the allocation.

    Idempotent: a pledge this fund already matched gets its allocation back
    unchanged. Refuses what the pool, the cap per pledge or the cap per project
    cannot cover. Eligibility is decided by the caller, when the donor pledges.
    """
    fund = _lock_fund(fund.id)
    usage = usage_of([fund.id], project, pledge_id)[fund.id]
    if usage.allocation_id is not None:
        return db.session.get(MatchAllocation, usage.allocation_id)
    limit = _limit(fund, usage)
    if not 0 < amount <= limit:
        raise MatchRefused(f"fund {fund.id} can match {limit}, not {amount}", available=limit)
    return _add_allocation(fund, project, pledge_id, amount)


def _add_allocation(fund, project, pledge_id, amount):
    allocation = MatchAllocation(
        fund=fund, project_id=project.id, pledge_id=pledge_id, amount=amount
    )
    db.session.add(allocation)
    db.session.flush()
    return allocation


def reverse_match(allocation, amount):
    """Give `amount` of an allocation back to its fund's pool, as when its pledge is refunded."""
    _lock_fund(allocation.matching_fund_id)
    db.session.refresh(allocation)
    available = allocation.active_amount
    if not 0 < amount <= available:
        raise MatchRefused(
            f"allocation {allocation.id} can give back {available}, not {amount}", available
        )
    allocation.reversed_amount += amount
    db.session.flush()
    return allocation
