"""The donors a project page thanks: the latest paid pledges, named only if the donor chose so."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from crowdfund.accounts.models import User
from crowdfund.extensions import db
from crowdfund.pledges.models import Pledge, PledgeState


@dataclass(frozen=True)
class Supporter:
    #: The donor's name, or None for an anonymous donor.
    name: str | None
    country: str
    amount_mad: int
    message: str
    paid_at: datetime


def recent_supporters(project, limit=10):
    """The `limit` latest captured pledges of the project, newest first, in one query."""
    rows = db.session.execute(
        sa.select(
            Pledge.show_name,
            User.name,
            User.country,
            Pledge.amount_mad,
            Pledge.message,
            Pledge.captured_at,
        )
        .join(User, User.id == Pledge.donor_id)
        .where(Pledge.project_id == project.id, Pledge.state == PledgeState.CAPTURED)
        .order_by(Pledge.captured_at.desc(), Pledge.id.desc())
        .limit(limit)
    )
    return [
        Supporter(
            name=name if show_name else None,
            country=country,
            amount_mad=amount_mad,
            message=message,
            paid_at=captured_at,
        )
        for show_name, name, country, amount_mad, message, captured_at in rows
    ]
