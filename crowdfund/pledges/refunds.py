"""Refunds: an administrator gives a captured pledge back, in full or in part, before disbursement.

The donor gets back their gift in proportion; the processing cost is not
refunded (the processor keeps its fee), so the refund comes out of the project's
escrow alone. The pledge's match goes back to its fund's pool in the same proportion.
"""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.matching.models import MatchAllocation
from crowdfund.matching.pool import pool_account
from crowdfund.matching.services import reverse_match
from crowdfund.money import format_mad
from crowdfund.pledges import transitions
from crowdfund.pledges.locks import locked
from crowdfund.pledges.models import PledgeRefund, PledgeState
from crowdfund.pledges.quotes import PledgeRefused


def refund_pledge(pledge, amount_mad, reason, by_user, gateway):
    """Give `amount_mad` of a captured pledge back to its donor; returns the PledgeRefund.

    Raises PledgeRefused when the pledge is not captured, the amount is more than
    is left, or the project's escrow no longer holds it (the money was disbursed).
    """
    pledge = locked(pledge)
    reason = " ".join((reason or "").split())
    if pledge.state != PledgeState.CAPTURED:
        raise PledgeRefused(_l("Only a captured pledge can be refunded."))
    left = pledge.captured_mad - pledge.refunded_mad
    if not isinstance(amount_mad, int) or not 0 < amount_mad <= left:
        raise PledgeRefused(
            _l("The refund must be more than zero and at most %(left)s.", left=format_mad(left))
        )
    if not reason:
        raise PledgeRefused(_l("Give the reason for the refund."))
    project = locked(pledge.project)
    allocation = db.session.scalar(sa.select(MatchAllocation).filter_by(pledge_id=pledge.id))
    match_back = _share(allocation.amount, pledge, amount_mad) if allocation else 0
    escrow = locked(account_for(AccountKind.PROJECT_ESCROW, project=project))
    if escrow.balance < amount_mad + match_back:
        raise PledgeRefused(
            _l(
                "The project's account holds only %(held)s: the money has been disbursed "
                "and can no longer be refunded.",
                held=format_mad(escrow.balance),
            )
        )
    amount = _share(pledge.amount, pledge, amount_mad)
    if amount <= 0:
        raise PledgeRefused(_l("This amount is too small to refund in the donor's currency."))
    result = gateway.refund(
        pledge.payment_intent_id,
        amount,
        idempotency_key=f"pledge-{pledge.id}-refund-{len(pledge.refunds) + 1}",
        metadata={"pledge_id": str(pledge.id)},
    )
    post(
        TransactionKind.REFUND,
        f"refund:{result.id}",
        [(escrow, -amount_mad), (account_for(AccountKind.PROCESSOR_CLEARING), amount_mad)],
        memo=f"Refund of pledge {pledge.id}: {reason}"[:500],
        project=project,
    )
    if match_back:
        reverse_match(allocation, match_back)
        post(
            TransactionKind.MATCH,
            f"match-refund:{result.id}",
            [(escrow, -match_back), (pool_account(allocation.fund), match_back)],
            memo=f"Match given back with the refund of pledge {pledge.id}",
            project=project,
        )
    refund = PledgeRefund(
        pledge=pledge,
        amount_mad=amount_mad,
        amount=amount,
        match_reversed_mad=match_back,
        reason=reason[:500],
        refund_id=result.id,
        created_by=by_user,
    )
    db.session.add(refund)
    pledge.refunded_mad += amount_mad
    if pledge.refunded_mad == pledge.captured_mad:
        transitions.refund(pledge)
    project.raised_amount -= amount_mad + match_back
    db.session.flush()
    record(
        "pledge.refunded",
        pledge,
        before={"state": PledgeState.CAPTURED, "refunded_mad": pledge.refunded_mad - amount_mad},
        after={
            "state": pledge.state,
            "refunded_mad": pledge.refunded_mad,
            "refund_id": refund.id,
            "amount_mad": amount_mad,
            "match_reversed_mad": match_back,
            "reason": refund.reason,
        },
        actor=by_user,
    )
    return refund


def _share(total, pledge, amount_mad):
    """This refund's part of `total`, counted cumulatively so that a full refund gives it all."""
    before = total * pledge.refunded_mad // pledge.captured_mad
    after = total * (pledge.refunded_mad + amount_mad) // pledge.captured_mad
    return after - before
