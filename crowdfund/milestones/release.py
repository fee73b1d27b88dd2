"""Treasurers release a milestone's tranche against its verified evidence.

The ledger moves the tranche from the project's escrow to its disbursed account
once per milestone (the key names it); the bank transfer that paid it is
recorded beside it, the project's donors are told in the same transaction, and
the release of the last milestone completes the project.
"""

import re

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _

from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.ledger.errors import InsufficientFunds
from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.ledger.reading import balance_of
from crowdfund.milestones.errors import MilestoneRefused
from crowdfund.milestones.models import Disbursement, EvidenceState
from crowdfund.milestones.notices import tell_donors_of_release
from crowdfund.milestones.rules import is_member_of_its_organisation, may_release
from crowdfund.money import format_mad
from crowdfund.pledges.locks import lock
from crowdfund.projects import lifecycle
from crowdfund.projects.models import Milestone, Project, ProjectState
from crowdfund.timeutil import utcnow

#: Letters, digits and the separators banks print in transfer references.
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ./:_-]{0,63}")


def disbursement_key(milestone):
    """The ledger key of a milestone's tranche: one release per milestone, ever."""
    return f"disbursement:milestone:{milestone.id}"


def release_tranche(evidence, treasurer, amount, bank_reference):
    """Release `amount` (minor units, at most the milestone's tranche and what escrow holds)
    for the milestone of verified `evidence`, paid by the bank transfer `bank_reference`.

    Returns the Disbursement; raises MilestoneRefused, changing nothing, when a
    rule is broken.
    """
    # One release at a time per project: a second waits, then finds the first.
    project = lock(Project, evidence.project_id)
    milestone = evidence.milestone
    bank_reference = " ".join((bank_reference or "").split())
    _check_may_release(evidence, treasurer, project, milestone)
    _check_reference(bank_reference)
    escrow = account_for(AccountKind.PROJECT_ESCROW, project=project)
    _check_amount(amount, milestone, balance_of(escrow))
    try:
        transaction = post(
            TransactionKind.DISBURSEMENT,
            disbursement_key(milestone),
            [
                (escrow, -amount),
                (account_for(AccountKind.PROJECT_DISBURSED, project=project), amount),
            ],
            memo=f"Milestone {milestone.position} of project {project.id}: {bank_reference}",
            project=project,
        )
    except InsufficientFunds as shortage:
        raise _escrow_short(shortage.available, amount) from shortage
    disbursement = Disbursement(
        project_id=project.id,
        milestone_id=milestone.id,
        evidence_id=evidence.id,
        amount=amount,
        currency=project.currency,
        bank_transfer_reference=bank_reference,
        released_by=treasurer,
        released_at=utcnow(),
        ledger_transaction=transaction,
    )
    db.session.add(disbursement)
    db.session.flush()
    record(
        "milestone.released",
        disbursement,
        after={
            "milestone_id": milestone.id,
            "evidence_id": evidence.id,
            "amount": amount,
            "currency": project.currency,
            "bank_transfer_reference": bank_reference,
            "ledger_key": transaction.key,
        },
        actor=treasurer,
    )
    _complete_if_all_released(project)
    tell_donors_of_release(disbursement)
    return disbursement


def _check_may_release(evidence, treasurer, project, milestone):
    if not may_release(treasurer, evidence):
        if evidence.decided_by_id == treasurer.id:
            raise MilestoneRefused(
                _(
                    "You verified this evidence: another treasurer must release its funds, "
                    "so that two people have checked every payment."
                )
            )
        if is_member_of_its_organisation(treasurer, evidence):
            raise MilestoneRefused(
                _(
                    "You are a member of %(organisation)s: another treasurer must release "
                    "its funds.",
                    organisation=project.organisation.name,
                )
            )
        raise MilestoneRefused(_("Only treasurers release funds."))
    already = db.session.scalar(sa.select(Disbursement).filter_by(milestone_id=milestone.id))
    if already is not None:
        raise MilestoneRefused(
            _(
                "The funds of this milestone were already released on %(date)s.",
                date=format_date(already.released_at),
            )
        )
    if evidence.state != EvidenceState.VERIFIED:
        raise MilestoneRefused(
            _(
                "Funds are released against verified evidence only; this evidence is “%(state)s”.",
                state=evidence.state.label,
            )
        )
    if project.state != ProjectState.FUNDED:
        raise MilestoneRefused(
            _(
                "Funds are released for funded projects only; this project is “%(state)s”.",
                state=project.state.label,
            )
        )


def _check_reference(bank_reference):
    if not bank_reference:
        raise MilestoneRefused(
            _("Give the reference of the bank transfer that paid this tranche."),
            field="bank_reference",
        )
    if not _REFERENCE.fullmatch(bank_reference):
        raise MilestoneRefused(
            _(
                "A bank transfer reference has at most 64 letters, digits, spaces and "
                "the signs . / : _ -"
            ),
            field="bank_reference",
        )
    if db.session.scalar(
        sa.select(Disbursement.id).filter_by(bank_transfer_reference=bank_reference)
    ):
        raise MilestoneRefused(
            _("This bank transfer reference is already recorded for another tranche."),
            field="bank_reference",
        )


def _check_amount(amount, milestone, held):
    if amount is None or amount <= 0:
        raise MilestoneRefused(_("The amount must be more than 0 MAD."), field="amount")
    if amount > milestone.amount:
        raise MilestoneRefused(
            _(
                "The tranche of this milestone is %(tranche)s: release that much at most.",
                tranche=format_mad(milestone.amount),
            ),
            field="amount",
        )
    if amount > held:
        raise _escrow_short(held, amount)


def _escrow_short(held, amount):
    return MilestoneRefused(
        _(
            "The project's escrow holds %(held)s, less than the %(amount)s to release. "
            "Release at most what it holds.",
            held=format_mad(held),
            amount=format_mad(amount),
        ),
        field="amount",
    )


def _complete_if_all_released(project):
    """Complete the project once every one of its milestones has its tranche released."""
    unreleased = db.session.scalar(
        sa.select(sa.func.count(Milestone.id)).where(
            Milestone.project_id == project.id,
            Milestone.id.not_in(
                sa.select(Disbursement.milestone_id).where(Disbursement.project_id == project.id)
            ),
        )
    )
    if unreleased == 0:
        lifecycle.complete(project)
