"""Capturing a pledge: the one function every path (API result, webhook, reconcile) ends in."""

from crowdfund.extensions import db
from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.matching.pool import ensure_pool_funded, pool_account
from crowdfund.matching.services import match_pledge
from crowdfund.pledges import transitions
from crowdfund.pledges.locks import lock, locked
from crowdfund.pledges.signals import pledge_captured
from crowdfund.projects.models import Project
from crowdfund.timeutil import today, utcnow


def capture_key(pledge):
    return f"capture:{pledge.payment_intent_id}"


def match_key(pledge):
    return f"match:pledge:{pledge.id}"


def capture(pledge):
    """Record that the pledge's payment succeeded: ledger, match and the project's total.

    Idempotent and independent of order: a pledge already captured (or refunded)
    is left as it is.
    """
    pledge = locked(pledge)
    if not transitions.can(pledge, "capture"):
        return pledge
    transitions.capture(pledge, utcnow())
    project = lock(Project, pledge.project_id)
    escrow = account_for(AccountKind.PROJECT_ESCROW, project=project)
    lines = [
        (account_for(AccountKind.PROCESSOR_CLEARING), -(pledge.amount_mad + pledge.fee_mad)),
        (escrow, pledge.amount_mad),
    ]
    if pledge.fee_mad:
        lines.append((account_for(AccountKind.PROCESSING_FEES), pledge.fee_mad))
    post(
        TransactionKind.CAPTURE,
        capture_key(pledge),
        lines,
        memo=f"Pledge {pledge.id}",
        project=project,
    )
    matched = _allocate_match(pledge, project, escrow)
    project.raised_amount += pledge.amount_mad + matched
    db.session.flush()
    pledge_captured.send(pledge, pledge=pledge)
    return pledge


def _allocate_match(pledge, project, escrow):
    """Match the pledge from the best fund open today; the amount matched (0 for none)."""
    allocation = match_pledge(project, pledge.id, pledge.amount_mad, today())
    if allocation is None:
        return 0
    ensure_pool_funded(allocation.fund)
    post(
        TransactionKind.MATCH,
        match_key(pledge),
        [(pool_account(allocation.fund), -allocation.amount), (escrow, allocation.amount)],
        memo=f"Match of pledge {pledge.id} by {allocation.fund.name}",
        project=project,
    )
    return allocation.amount
