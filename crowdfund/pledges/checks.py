"""Cross-checks of the ledger against the pledges, run by `flask ledger check`.

Only projects with pledges are compared: a project's raised total is kept by
the pledge flow (captured pledges and their matches, refunds deducted).
Institutional co-funding is not in `raised_amount`; it counts toward the goal
at settlement.
"""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.ledger.checks import register_check
from crowdfund.ledger.reading import money_by_project, sum_of
from crowdfund.pledges.models import Pledge
from crowdfund.projects.models import Project


@register_check
def pledges_match_the_ledger():
    """Each project's pledges in the ledger and its raised total agree with its pledges."""
    rows = db.session.execute(
        sa.select(
            Project.id,
            Project.raised_amount,
            sum_of(Pledge.captured_mad - Pledge.refunded_mad),
        )
        .join(Pledge, Pledge.project_id == Project.id)
        .group_by(Project.id, Project.raised_amount)
        .order_by(Project.id)
    ).all()
    if not rows:
        return []
    ledger = money_by_project([project_id for project_id, _raised, _net in rows])
    messages = []
    for project_id, raised, net in rows:
        money = ledger.get(project_id)
        pledges = money.pledges if money else 0
        matching = money.matching if money else 0
        if pledges != net:
            messages.append(
                f"Project {project_id}: its pledges come to {net} MAD captured less refunded, "
                f"but the ledger has {pledges} MAD from pledges."
            )
        if raised != pledges + matching:
            messages.append(
                f"Project {project_id} shows {raised} MAD raised, but the ledger has "
                f"{pledges + matching} MAD from pledges and matches."
            )
    return messages
