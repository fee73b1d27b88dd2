"""Recording institutions' commitments to a project and their arrival. Services flush only."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from crowdfund.audit.log import record
from crowdfund.cofunding.models import CoFunding, CoFundingStatus
from crowdfund.extensions import db
from crowdfund.files.services import UploadRejected, store_upload
from crowdfund.ledger.models import AccountKind, TransactionKind
from crowdfund.ledger.posting import account_for, post
from crowdfund.money import format_mad
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import utcnow

#: States in which a project takes co-funding: vetted, and not yet closed or failed.
COFUNDING_STATES = frozenset({ProjectState.APPROVED, ProjectState.LIVE, ProjectState.FUNDED})

#: Signed commitments are PDF files.
DOCUMENT_KINDS = frozenset({"pdf"})


class CoFundingRefused(ValueError):
    """A co-funding step that breaks a rule; `field` names the form field it is about."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def cofundings_of(project):
    """The project's co-funding, oldest first, with who recorded it and its document."""
    return db.session.scalars(
        sa.select(CoFunding)
        .where(CoFunding.project_id == project.id)
        .options(
            joinedload(CoFunding.document),
            joinedload(CoFunding.recorded_by),
            joinedload(CoFunding.received_by),
        )
        .order_by(CoFunding.created_at, CoFunding.id)
    ).all()


def accepts_cofunding(project):
    return project.state in COFUNDING_STATES


def record_cofunding(project, reviewer, institution, kind, amount, document, note=""):
    """Record an institution's commitment, with `document` (an upload) as its signed proof."""
    _check_accepts(project)
    if amount is None or amount <= 0:
        raise CoFundingRefused(_("The amount must be more than 0 MAD."), field="amount")
    already = db.session.scalar(
        sa.select(sa.cast(sa.func.coalesce(sa.func.sum(CoFunding.amount), 0), sa.BigInteger)).where(
            CoFunding.project_id == project.id
        )
    )
    if already + amount > project.goal_amount:
        raise CoFundingRefused(
            _(
                "Co-funding would come to %(total)s, more than the goal of %(goal)s.",
                total=format_mad(already + amount),
                goal=format_mad(project.goal_amount),
            ),
            field="amount",
        )
    if not document:
        raise CoFundingRefused(_("Attach the signed commitment."), field="document")
    try:
        stored = store_upload(document, allowed=DOCUMENT_KINDS, uploaded_by=reviewer)
    except UploadRejected as rejection:
        raise CoFundingRefused(str(rejection), field="document") from rejection
    cofunding = CoFunding(
        project=project,
        institution=institution.strip(),
        institution_kind=kind,
        amount=amount,
        document=stored,
        recorded_by=reviewer,
        note=(note or "").strip(),
    )
    db.session.add(cofunding)
    db.session.flush()
    record(
        "cofunding.recorded",
        cofunding,
        after={
            "project_id": project.id,
            "institution": cofunding.institution,
            "institution_kind": kind,
            "amount": amount,
            "document_id": stored.id,
            "status": cofunding.status,
            "note": cofunding.note,
        },
        actor=reviewer,
    )
    return cofunding


def cofunding_key(cofunding):
    return f"cofunding:{cofunding.id}"


def mark_received(cofunding, reviewer):
    """Record that the institution's money has arrived: institutional funding → escrow."""
    project = cofunding.project
    _check_accepts(project)
    if cofunding.is_received:
        raise CoFundingRefused(_("This commitment is already marked as received."))
    before = {"status": cofunding.status}
    cofunding.status = CoFundingStatus.RECEIVED
    cofunding.received_at = utcnow()
    cofunding.received_by = reviewer
    post(
        TransactionKind.CO_FUNDING,
        cofunding_key(cofunding),
        [
            (account_for(AccountKind.INSTITUTIONAL_FUNDING), -cofunding.amount),
            (account_for(AccountKind.PROJECT_ESCROW, project=project), cofunding.amount),
        ],
        memo=f"Co-funding {cofunding.id} from {cofunding.institution}",
        project=project,
    )
    db.session.flush()
    record(
        "cofunding.received",
        cofunding,
        before=before,
        after={"status": cofunding.status, "received_at": cofunding.received_at},
        actor=reviewer,
    )
    return cofunding


def _check_accepts(project):
    if not accepts_cofunding(project):
        raise CoFundingRefused(
            _(
                "Co-funding is recorded only for approved, live or funded projects; "
                "this one is “%(state)s”.",
                state=project.state.label,
            )
        )
