"""Capturing a pledge: the one function every path (API result, webhook, reconcile) ends in."""

from crowdfund.extensions import db
from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.matching.pool import ensure_pool_funded, pool_account
from crowdfund.matching.services import MatchRefused, allocate_match, preview_match
from crowdfund.pledges import transitions
from crowdfund.pledges.locks import locked
from crowdfund.pledges.signals import pledge_captured
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
    project = locked(pledge.project)
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
    preview = preview_match(project, pledge.amount_mad, today())
    if preview is None:
        return 0
    try:
        allocation = allocate_match(preview.fund, project, pledge.id, preview.match_amount)
    except MatchRefused as refused:
        # Concurrent pledges used part of the pool since the preview: take what is left.
        if refused.available <= 0:
            return 0
        allocation = allocate_match(preview.fund, project, pledge.id, refused.available)
    ensure_pool_funded(preview.fund)
    post(
        TransactionKind.MATCH,
        match_key(pledge),
        [(pool_account(preview.fund), -allocation.amount), (escrow, allocation.amount)],
        memo=f"Match of pledge {pledge.id} by {preview.fund.name}",
        project=project,
    )
    return allocation.amount
