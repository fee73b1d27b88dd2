"""Reading pledges for the administration: the filtered list, and one pledge with its refunds.

Each loads what its page shows in a fixed number of queries, however many rows.
"""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.matching.models import MatchAllocation
from crowdfund.pledges.models import Pledge, PledgeRefund
from crowdfund.projects.models import Project


def find_pledges(state=None, project_id=None, donor_email=None):
    """A select of pledges, newest first, with their donor and project loaded alongside."""
    statement = (
        sa.select(Pledge)
        .join(Pledge.donor)
        .join(Pledge.project)
        .options(contains_eager(Pledge.donor), contains_eager(Pledge.project))
        .order_by(Pledge.created_at.desc(), Pledge.id.desc())
    )
    if state is not None:
        statement = statement.where(Pledge.state == state)
    if project_id is not None:
        statement = statement.where(Pledge.project_id == project_id)
    if donor_email:
        statement = statement.where(
            User.email.contains(donor_email.strip().lower(), autoescape=True)
        )
    return statement


def projects_with_pledges():
    """(id, title) of every project that has received a pledge, by title."""
    return db.session.execute(
        sa.select(Project.id, Project.title)
        .where(Project.id.in_(sa.select(Pledge.project_id)))
        .order_by(Project.title, Project.id)
    ).all()


def pledge_with_refunds(pledge_id):
    """The pledge with its donor, project, match fund and refunds (and who made them), or None."""
    return db.session.get(
        Pledge,
        pledge_id,
        options=[
            joinedload(Pledge.donor),
            joinedload(Pledge.project),
            joinedload(Pledge.match_fund),
            selectinload(Pledge.refunds).joinedload(PledgeRefund.created_by),
        ],
    )


def match_allocation_of(pledge):
    """The share of a matching fund allocated to `pledge` when it was captured, or None."""
    return db.session.scalar(
        sa.select(MatchAllocation)
        .options(joinedload(MatchAllocation.fund))
        .where(MatchAllocation.pledge_id == pledge.id)
    )
