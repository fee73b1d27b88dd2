"""Settling campaigns past their end date: funded or failed once, saved cards charged or released.

Safe to run every minute by several workers: each project is settled under its
row lock, every charge has its idempotency key, and a second run finds nothing
left to do. What happened is returned for the notifications to tell donors.

The goal counts what the project has raised (captured pledges and their
matches), what saved all-or-nothing pledges promise, and institutional
co-funding committed or received (it counts toward the goal). A flexible
project keeps what it raised: it is funded if any money came to it, else failed.
"""

import logging
from dataclasses import dataclass, field

import sqlalchemy as sa

from crowdfund.cofunding.sources import funding_sources
from crowdfund.extensions import db
from crowdfund.payments.gateway import GatewayError, IntentStatus
from crowdfund.pledges import transitions
from crowdfund.pledges.locks import locked
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.quotes import committed_mad
from crowdfund.pledges.services import apply_intent, charge
from crowdfund.projects import lifecycle
from crowdfund.projects.models import FundingModel, Project, ProjectState
from crowdfund.timeutil import today as utc_today
from crowdfund.timeutil import utcnow

logger = logging.getLogger(__name__)


@dataclass
class Settlement:
    """What one run did: projects and pledges, for the notifications to come."""

    funded: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    captured: list = field(default_factory=list)
    action_needed: list = field(default_factory=list)
    declined: list = field(default_factory=list)
    released: list = field(default_factory=list)
    lapsed: list = field(default_factory=list)
    #: Pledges the processor could not be asked about; the next run tries again.
    retry: list = field(default_factory=list)

    def __str__(self):
        counts = ", ".join(f"{len(items)} {name}" for name, items in vars(self).items())
        return f"projects and pledges: {counts}"


def settle_due_campaigns(gateway, today=None):
    """Close every live project past its end date and settle its pledges; returns a Settlement."""
    today = today or utc_today()
    done = Settlement()
    due = db.session.scalars(
        sa.select(Project)
        .where(Project.state == ProjectState.LIVE, Project.end_date < today)
        .order_by(Project.id)
    ).all()
    for project in due:
        _close(project, done)
    _charge_saved_pledges(gateway, done)
    _lapse_overdue(gateway, done)
    return done


def goal_total(project):
    """What counts toward the goal at the deadline (see the module's docstring)."""
    return committed_mad(project) + funding_sources(project).cofunding


def _close(project, done):
    project = locked(project)
    if project.state != ProjectState.LIVE:
        return  # another worker settled it
    total = goal_total(project)
    if project.funding_model == FundingModel.FLEXIBLE:
        reached = total > 0
    else:
        reached = total >= project.goal_amount
    if reached:
        lifecycle.fund(project)
        done.funded.append(project)
    else:
        lifecycle.fail(project)
        done.failed.append(project)
    if project.funding_model == FundingModel.ALL_OR_NOTHING:
        # Cards never saved by the deadline are not charged; saved ones wait for the charge pass.
        released = [PledgeState.PENDING] + ([] if reached else [PledgeState.SAVED])
        for pledge in _pledges(Pledge.project_id == project.id, Pledge.state.in_(released)):
            # Locked and read again: a card saved meanwhile is charged, not released.
            pledge = locked(pledge)
            if pledge.state in released:
                transitions.release(pledge)
                done.released.append(pledge)
    db.session.flush()


def _charge_saved_pledges(gateway, done):
    """Charge off-session every saved pledge of a funded project, including those left last run."""
    saved = _pledges(
        Pledge.state == PledgeState.SAVED,
        Pledge.project.has(Project.state == ProjectState.FUNDED),
    )
    for pledge in saved:
        pledge = locked(pledge)
        if pledge.state != PledgeState.SAVED:
            continue  # charged meanwhile by another worker
        try:
            with db.session.begin_nested():
                charge(pledge, gateway, off_session=True)
        except GatewayError:
            logger.exception("pledge %s: charge failed, to be tried again", pledge.id)
            done.retry.append(pledge)
            continue
        _record_outcome(pledge, done)


def _lapse_overdue(gateway, done):
    """Lapse the charges the donor has not completed in time, unless the processor says paid.

    Those are charges waiting for 3-D Secure and cards declined at settlement that
    were not replaced (or whose replacement was never confirmed) within the window.
    """
    overdue = _pledges(
        Pledge.state.in_((PledgeState.REQUIRES_ACTION, PledgeState.FAILED, PledgeState.PENDING)),
        Pledge.action_deadline < utcnow(),
    )
    for pledge in overdue:
        pledge = locked(pledge)
        if pledge.state == PledgeState.REQUIRES_ACTION:
            try:
                intent = gateway.retrieve_payment_intent(pledge.payment_intent_id)
            except GatewayError:
                logger.exception("pledge %s: could not ask the processor", pledge.id)
                done.retry.append(pledge)
                continue
            if intent.status != IntentStatus.REQUIRES_ACTION:
                apply_intent(pledge, intent)
                _record_outcome(pledge, done)
                continue
        if transitions.can(pledge, "lapse"):
            transitions.lapse(pledge)
            done.lapsed.append(pledge)
    db.session.flush()


def _record_outcome(pledge, done):
    outcomes = {
        PledgeState.CAPTURED: done.captured,
        PledgeState.REQUIRES_ACTION: done.action_needed,
        PledgeState.FAILED: done.declined,
    }
    if pledge.state in outcomes:
        outcomes[pledge.state].append(pledge)


def _pledges(*conditions):
    return db.session.scalars(sa.select(Pledge).where(*conditions).order_by(Pledge.id)).all()
