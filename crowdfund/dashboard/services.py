"""A donor's own giving: their pledges, and where the money of each project they gave to is.

Each reader loads what the dashboard shows in a fixed number of queries, however
many pledges the donor made.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager

from crowdfund.extensions import db
from crowdfund.ledger.reading import ProjectMoney, money_by_project, sum_of
from crowdfund.matching.models import MatchAllocation, MatchingFund
from crowdfund.matching.services import active_sum
from crowdfund.milestones.reading import MilestoneProgress, milestone_progress
from crowdfund.pledges.display import STATE_EXPLANATIONS
from crowdfund.pledges.models import Pledge
from crowdfund.projects.models import Project
from crowdfund.projects.transparency import MoneyFlow
from crowdfund.receipts.models import Receipt
from crowdfund.updates.follows import followed_projects
from crowdfund.updates.models import ProjectUpdate
from crowdfund.updates.reading import feed_for

PLEDGES_PER_PAGE = 25
FEED_LENGTH = 20
#: Projects whose milestones the dashboard details, the most recently given to first; each
#: costs the milestones' own few queries, so the page stays bounded for a generous donor.
PROJECTS_DETAILED = 10


@dataclass(frozen=True)
class Match:
    fund_name: str
    amount: int


@dataclass(frozen=True)
class PledgeLine:
    """One pledge as the donor's list shows it."""

    pledge: Pledge
    explanation: str
    #: What matching funds added to it, less what refunds gave back.
    matches: tuple[Match, ...]
    #: The pledge's receipt, when one was issued.
    receipt: Receipt | None


@dataclass(frozen=True)
class PledgePage:
    pagination: object
    lines: list[PledgeLine]


@dataclass(frozen=True)
class MyProjectMoney:
    """A project the donor gave to, and where its money is now."""

    project: Project
    #: What the donor's pledges brought in, less refunds (MAD minor units).
    given: int
    #: What matching funds added to the donor's pledges, less reversals.
    matched: int
    money: ProjectMoney
    #: The project's milestones' progress, in order; empty when not detailed here.
    milestones: tuple[MilestoneProgress, ...]

    @property
    def flow(self):
        return MoneyFlow.of(self.money)

    @property
    def share(self):
        """The donor's part of all the project raised: money is pooled, not traced dirham by
        dirham, so a share of each release is all one can honestly say."""
        return self.given / self.money.raised if self.money.raised > 0 else 0.0


@dataclass(frozen=True)
class Dashboard:
    pledges: PledgePage
    projects: list[MyProjectMoney]
    followed: list[Project]
    feed: list[ProjectUpdate]


def donor_dashboard(donor, page_number):
    """Everything the donor's dashboard shows, for the given page of their pledges."""
    return Dashboard(
        pledges=pledge_page(donor, page_number),
        projects=where_my_money_is(donor),
        followed=followed_projects(donor),
        feed=feed_for(donor, limit=FEED_LENGTH),
    )


def pledge_page(donor, page_number, per_page=PLEDGES_PER_PAGE):
    """One page of the donor's pledges, newest first, with their project, matches and receipt."""
    pagination = db.paginate(
        sa.select(Pledge)
        .join(Pledge.project)
        .options(contains_eager(Pledge.project))
        .where(Pledge.donor_id == donor.id)
        .order_by(Pledge.created_at.desc(), Pledge.id.desc()),
        page=page_number,
        per_page=per_page,
        error_out=False,
    )
    pledge_ids = [pledge.id for pledge in pagination.items]
    matches = matches_by_pledge(pledge_ids)
    receipts = receipts_by_pledge(pledge_ids)
    lines = [
        PledgeLine(
            pledge=pledge,
            explanation=STATE_EXPLANATIONS[pledge.state],
            matches=matches.get(pledge.id, ()),
            receipt=receipts.get(pledge.id),
        )
        for pledge in pagination.items
    ]
    return PledgePage(pagination=pagination, lines=lines)


def matches_by_pledge(pledge_ids):
    """{pledge id: (Match, ...)} of the pledges matched, in one query."""
    if not pledge_ids:
        return {}
    active = active_sum()
    rows = db.session.execute(
        sa.select(MatchAllocation.pledge_id, MatchingFund.name, active)
        .join(MatchAllocation.fund)
        .where(MatchAllocation.pledge_id.in_(pledge_ids))
        .group_by(MatchAllocation.pledge_id, MatchingFund.id, MatchingFund.name)
        .having(active > 0)
        .order_by(MatchingFund.id)
    )
    found = {}
    for pledge_id, fund_name, amount in rows:
        found[pledge_id] = (*found.get(pledge_id, ()), Match(fund_name, amount))
    return found


def receipts_by_pledge(pledge_ids):
    """{pledge id: Receipt} of the pledges with a receipt, in one query."""
    if not pledge_ids:
        return {}
    receipts = db.session.scalars(sa.select(Receipt).where(Receipt.pledge_id.in_(pledge_ids)))
    return {receipt.pledge_id: receipt for receipt in receipts}


def where_my_money_is(donor, detailed=PROJECTS_DETAILED):
    """A MyProjectMoney per project that holds or spent the donor's money, latest gift first.

    The milestones of the first `detailed` projects are read too.
    """
    given = sum_of(Pledge.captured_mad - Pledge.refunded_mad)
    given_rows = db.session.execute(
        sa.select(Pledge.project_id, given)
        .where(Pledge.donor_id == donor.id, Pledge.captured_mad > 0)
        .group_by(Pledge.project_id)
        # Money refunded in full is back with the donor: it is nowhere in the project.
        .having(given > 0)
        .order_by(sa.func.max(Pledge.captured_at).desc(), Pledge.project_id)
    ).all()
    if not given_rows:
        return []
    project_ids = [project_id for project_id, _ in given_rows]
    projects = {
        project.id: project
        for project in db.session.scalars(sa.select(Project).where(Project.id.in_(project_ids)))
    }
    matched = _matched_by_project(donor)
    money = money_by_project(project_ids)
    found = []
    for position, (project_id, given) in enumerate(given_rows):
        project = projects[project_id]
        found.append(
            MyProjectMoney(
                project=project,
                given=given,
                matched=matched.get(project_id, 0),
                money=money.get(project_id, ProjectMoney(project.currency)),
                milestones=tuple(milestone_progress(project)) if position < detailed else (),
            )
        )
    return found


def _matched_by_project(donor):
    """{project id: what matching funds added to the donor's pledges there}, in one query."""
    active = active_sum()
    rows = db.session.execute(
        sa.select(MatchAllocation.project_id, active)
        .join(Pledge, Pledge.id == MatchAllocation.pledge_id)
        .where(Pledge.donor_id == donor.id)
        .group_by(MatchAllocation.project_id)
    )
    return dict(rows.all())
