"""Creating a pledge, saving its card, charging it and applying what the processor answers.

The pledge pages call these; they flush and never commit. The browser's steps
come between them: `start_pledge` → Stripe.js confirmCardSetup → `card_saved`
→ (3-D Secure: confirmCardPayment with `payment_client_secret`) → `payment_completed`.
An all-or-nothing card declined at settlement may be replaced within the action
window: `replace_card` → confirmCardSetup → `card_saved`, which charges it at once.
"""

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l

from crowdfund.extensions import db
from crowdfund.money import format_mad
from crowdfund.payments.gateway import CardDeclined, IntentStatus
from crowdfund.pledges import transitions
from crowdfund.pledges.capture import capture
from crowdfund.pledges.locks import lock, locked
from crowdfund.pledges.models import MESSAGE_MAX_LENGTH, Pledge, PledgeState
from crowdfund.pledges.quotes import COMMITTED_STATES, PledgeRefused
from crowdfund.projects.models import FundingModel, Project, ProjectState
from crowdfund.timeutil import utcnow


def start_pledge(project, donor, quote, *, show_name, message, gateway, idempotency_key):
    """Create a pending pledge from `quote`, its customer and a SetupIntent to save the card.

    The returned pledge carries `setup_client_secret` for confirmCardSetup. The
    same `idempotency_key` (the form's) gives back the pledge it first created.
    """
    existing = db.session.scalar(sa.select(Pledge).filter_by(request_key=idempotency_key))
    if existing is not None:
        if existing.donor_id != donor.id:
            raise PledgeRefused(_l("This form was already sent. Please start again."))
        existing.setup_client_secret = gateway.retrieve_setup_intent(
            existing.setup_intent_id
        ).client_secret
        return existing
    if quote.project.id != project.id:
        raise PledgeRefused(_l("This quote is for another project."))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise PledgeRefused(
            _l("Your message must be at most %(limit)d characters.", limit=MESSAGE_MAX_LENGTH)
        )
    _check_annual_cap(donor, quote.amount_mad)
    pledge = Pledge(
        project=project,
        donor=donor,
        state=PledgeState.PENDING,
        funding_model=project.funding_model,
        amount=quote.amount,
        currency=quote.currency,
        amount_mad=quote.amount_mad,
        fee_mad=quote.fee_mad,
        charge_amount=quote.charge_amount,
        fx_rate_micro=quote.rate.rate_micro,
        fx_rate_date=quote.rate.effective_date,
        fx_source=quote.rate.source,
        match_fund_id=quote.match.fund.id if quote.match else None,
        expected_match_mad=quote.expected_match_mad,
        request_key=idempotency_key,
        show_name=bool(show_name),
        message=message,
    )
    db.session.add(pledge)
    db.session.flush()
    customer = gateway.create_customer(donor.email, donor.name, f"pledge-{pledge.id}-customer")
    setup = gateway.create_setup_intent(
        customer.id, f"pledge-{pledge.id}-setup", {"pledge_id": str(pledge.id)}
    )
    pledge.customer_id = customer.id
    pledge.setup_intent_id = setup.id
    pledge.setup_client_secret = setup.client_secret
    db.session.flush()
    return pledge


def _check_annual_cap(donor, amount_mad):
    cap = current_app.config["DONOR_ANNUAL_CAP_MAD"]
    if cap is None:
        return
    year_start = utcnow().replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    given = db.session.scalar(
        sa.select(
            sa.func.coalesce(
                sa.func.sum(
                    sa.case(
                        (Pledge.state.in_(COMMITTED_STATES), Pledge.amount_mad),
                        else_=Pledge.captured_mad - Pledge.refunded_mad,
                    )
                ),
                0,
            )
        ).where(Pledge.donor_id == donor.id, Pledge.created_at >= year_start)
    )
    if int(given) + amount_mad > cap:
        raise PledgeRefused(
            _l(
                "A donor may give at most %(cap)s a year; you can still give %(room)s this year.",
                cap=format_mad(cap),
                room=format_mad(max(cap - int(given), 0)),
            )
        )


def card_saved(pledge, gateway):
    """After confirmCardSetup: keep the card; all-or-nothing waits, flexible is charged at once."""
    pledge = locked(pledge)
    if pledge.state != PledgeState.PENDING:
        return pledge
    setup = gateway.retrieve_setup_intent(pledge.setup_intent_id)
    if setup.status != IntentStatus.SUCCEEDED or not setup.payment_method:
        raise PledgeRefused(_l("Your card was not saved. Please try again."))
    if pledge.attempt > 1:
        # A card replacing one declined at settlement: the campaign is funded, charge it now.
        if not replacement_open(pledge):
            transitions.lapse(pledge)
            db.session.flush()
            return pledge
        pledge.payment_method_id = setup.payment_method
        return charge(pledge, gateway, off_session=False)
    if pledge.funding_model == FundingModel.FLEXIBLE:
        # Held until the charge is recorded: settlement cannot close the campaign meanwhile.
        project = lock(Project, pledge.project_id)
    else:
        project = pledge.project
    if project.state != ProjectState.LIVE:
        # The campaign closed while the donor was typing: nobody is charged.
        transitions.release(pledge)
        db.session.flush()
        return pledge
    if pledge.funding_model == FundingModel.ALL_OR_NOTHING:
        transitions.save_card(pledge, setup.payment_method)
        db.session.flush()
        return pledge
    pledge.payment_method_id = setup.payment_method
    return charge(pledge, gateway, off_session=False)


def browser_step_secret(pledge, gateway):
    """The client secret Stripe.js needs for the pledge's next step in the browser, or None.

    A pending pledge waits for its card (confirmCardSetup); one requiring action for
    3-D Secure (confirmCardPayment). Secrets are asked of the processor, never stored.
    """
    if pledge.state == PledgeState.PENDING:
        return gateway.retrieve_setup_intent(pledge.setup_intent_id).client_secret
    if pledge.state == PledgeState.REQUIRES_ACTION:
        return gateway.retrieve_payment_intent(pledge.payment_intent_id).client_secret
    return None


def replacement_open(pledge):
    """Whether the donor may still give another card for a charge declined at settlement."""
    return (
        pledge.funding_model == FundingModel.ALL_OR_NOTHING
        and pledge.project.state == ProjectState.FUNDED
        and pledge.action_deadline is not None
        and utcnow() < pledge.action_deadline
    )


def replace_card(pledge, gateway):
    """A new SetupIntent for another card, for a pledge declined at settlement, in time.

    The pledge carries `setup_client_secret` for confirmCardSetup. Raises
    PledgeRefused when the pledge was not declined at settlement or the window closed.
    """
    pledge = locked(pledge)
    if pledge.state != PledgeState.FAILED or not replacement_open(pledge):
        raise PledgeRefused(_l("This pledge can no longer be paid with another card."))
    attempt = pledge.attempt + 1
    setup = gateway.create_setup_intent(
        pledge.customer_id,
        f"pledge-{pledge.id}-setup-{attempt}",
        {"pledge_id": str(pledge.id), "attempt": str(attempt)},
    )
    transitions.retry(pledge, setup.id)
    pledge.setup_client_secret = setup.client_secret
    db.session.flush()
    return pledge


def charge_key(pledge):
    """One charge per card: a retried request is the same charge, another card a new one."""
    suffix = "" if pledge.attempt == 1 else f"-{pledge.attempt}"
    return f"pledge-{pledge.id}-charge{suffix}"


def charge(pledge, gateway, *, off_session):
    """Charge the saved card once (the key makes a retry the same charge) and apply the result.

    When 3-D Secure is needed, the pledge carries `payment_client_secret` for
    confirmCardPayment.
    """
    pledge = locked(pledge)
    if pledge.state not in (PledgeState.PENDING, PledgeState.SAVED):
        return pledge
    try:
        intent = gateway.create_payment_intent(
            pledge.charge_amount,
            pledge.currency,
            pledge.customer_id,
            pledge.payment_method_id,
            idempotency_key=charge_key(pledge),
            metadata={"pledge_id": str(pledge.id), "attempt": str(pledge.attempt)},
            off_session=off_session,
            confirm=True,
        )
    except CardDeclined as declined:
        if declined.payment_intent_id and pledge.payment_intent_id is None:
            pledge.payment_intent_id = declined.payment_intent_id
        transitions.fail(pledge, declined.code, declined.message)
        if off_session:
            # Declined at settlement: the donor may give another card within the window.
            pledge.action_deadline = _action_deadline(pledge)
        db.session.flush()
        return pledge
    return apply_intent(pledge, intent)


def payment_completed(pledge, gateway):
    """After confirmCardPayment in the browser: ask the processor and apply what it says."""
    if pledge.payment_intent_id is None:
        return pledge
    return apply_intent(pledge, gateway.retrieve_payment_intent(pledge.payment_intent_id))


def apply_intent(pledge, intent):
    """Move the pledge as far as the PaymentIntent's status says, never backwards."""
    pledge = locked(pledge)
    if pledge.payment_intent_id is None:
        pledge.payment_intent_id = intent.id
    if intent.status == IntentStatus.SUCCEEDED:
        return capture(pledge)
    if intent.status == IntentStatus.REQUIRES_ACTION:
        if transitions.can(pledge, "require_action"):
            transitions.require_action(pledge, _action_deadline(pledge))
        pledge.payment_client_secret = intent.client_secret
    elif intent.status in (IntentStatus.REQUIRES_PAYMENT_METHOD, IntentStatus.CANCELED):
        if transitions.can(pledge, "fail"):
            transitions.fail(pledge, intent.error_code, intent.error_message)
    elif transitions.can(pledge, "process"):
        transitions.process(pledge)
    db.session.flush()
    return pledge


def _action_deadline(pledge):
    """All-or-nothing charges are made off-session at settlement: the donor has a window."""
    if pledge.funding_model != FundingModel.ALL_OR_NOTHING:
        return None
    return utcnow() + timedelta(days=current_app.config["PLEDGE_ACTION_WINDOW_DAYS"])
