"""Administering matching funds: setting their terms and seeing how much of each pool is used."""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.geography.models import Region
from crowdfund.matching.models import MatchingFund, MatchingFundSector
from crowdfund.matching.services import used_by_fund
from crowdfund.money import format_mad
from crowdfund.timeutil import today


class FundRefused(ValueError):
    """Terms that break a rule; `field` names the form field the message is about."""

    def __init__(self, message, field):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class FundTerms:
    """Everything an administrator sets on a fund; amounts in MAD minor units."""

    name: str
    sponsor: str
    match_numerator: int
    match_denominator: int
    pool_amount: int
    cap_per_project: int | None
    cap_per_pledge: int | None
    region_ids: list[int]
    sector_codes: list[str]
    starts_on: date
    ends_on: date
    is_active: bool


@dataclass(frozen=True)
class FundUsage:
    fund: MatchingFund
    used: int

    @property
    def remaining(self):
        return self.fund.pool_amount - self.used

    @property
    def is_open(self):
        """Whether pledges made today are matched."""
        return self.fund.is_active and self.fund.starts_on <= today() <= self.fund.ends_on


def funds_with_usage():
    """Every fund, newest first, with its regions and sectors and how much of its pool is used."""
    funds = db.session.scalars(
        sa.select(MatchingFund)
        .options(selectinload(MatchingFund.regions), selectinload(MatchingFund.sector_links))
        .order_by(MatchingFund.starts_on.desc(), MatchingFund.id.desc())
    ).all()
    used = used_by_fund([fund.id for fund in funds])
    return [FundUsage(fund, used[fund.id]) for fund in funds]


def create_fund(terms, admin):
    fund = _apply_terms(MatchingFund(created_by=admin), terms)
    record("matching_fund.created", fund, after=audited_terms(fund), actor=admin)
    return fund


def update_fund(fund, terms):
    """Change a fund's terms; its pool may not shrink below what is already allocated."""
    used = used_by_fund([fund.id])[fund.id]
    if terms.pool_amount < used:
        raise FundRefused(
            _(
                "%(used)s of this pool is already allocated: the pool cannot be smaller.",
                used=format_mad(used),
            ),
            field="pool_amount",
        )
    before = audited_terms(fund)
    _apply_terms(fund, terms)
    record("matching_fund.updated", fund, before=before, after=audited_terms(fund))
    return fund


def audited_terms(fund):
    """A fund's terms as the audit log keeps them: regions by code, sectors by DAC code."""
    return {
        "name": fund.name,
        "sponsor": fund.sponsor,
        "match_numerator": fund.match_numerator,
        "match_denominator": fund.match_denominator,
        "pool_amount": fund.pool_amount,
        "cap_per_project": fund.cap_per_project,
        "cap_per_pledge": fund.cap_per_pledge,
        "starts_on": fund.starts_on,
        "ends_on": fund.ends_on,
        "is_active": fund.is_active,
        "regions": sorted(region.code for region in fund.regions),
        "sectors": sorted(link.sector_code for link in fund.sector_links),
    }


def _apply_terms(fund, terms):
    name = terms.name.strip()
    _check_name_free(name, fund)
    regions = (
        db.session.scalars(sa.select(Region).where(Region.id.in_(terms.region_ids))).all()
        if terms.region_ids
        else []
    )
    fund.name = name
    fund.sponsor = terms.sponsor.strip()
    fund.match_numerator = terms.match_numerator
    fund.match_denominator = terms.match_denominator
    fund.pool_amount = terms.pool_amount
    fund.cap_per_project = terms.cap_per_project
    fund.cap_per_pledge = terms.cap_per_pledge
    fund.starts_on = terms.starts_on
    fund.ends_on = terms.ends_on
    fund.is_active = terms.is_active
    fund.regions = regions
    current = {link.sector_code: link for link in fund.sector_links}
    fund.sector_links = [
        current.get(code) or MatchingFundSector(sector_code=code)
        for code in sorted(set(terms.sector_codes))
    ]
    db.session.add(fund)
    db.session.flush()
    return fund


def _check_name_free(name, fund):
    taken = sa.select(MatchingFund.id).where(sa.func.lower(MatchingFund.name) == name.lower())
    if fund.id is not None:
        taken = taken.where(MatchingFund.id != fund.id)
    if db.session.scalar(taken) is not None:
        raise FundRefused(_("Another fund already has this name."), field="name")
