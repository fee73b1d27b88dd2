"""Milestone pages: owners send evidence, reviewers decide on it, treasurers release tranches."""

import math

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import RequestEntityTooLarge

from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db
from crowdfund.files.photos import distance_km
from crowdfund.files.services import IMAGE_KINDS, allowed_kinds_text
from crowdfund.form_errors import show_refusal
from crowdfund.ledger.models import AccountKind
from crowdfund.ledger.posting import account_for
from crowdfund.ledger.reading import balance_of
from crowdfund.milestones import evidence as evidence_service
from crowdfund.milestones.errors import MilestoneRefused
from crowdfund.milestones.forms import EvidenceForm, RejectEvidenceForm, ReleaseForm
from crowdfund.milestones.models import (
    EvidenceFile,
    EvidenceFileKind,
    EvidenceState,
    MilestoneEvidence,
)
from crowdfund.milestones.queue import evidence_awaiting_release, recent_disbursements
from crowdfund.milestones.reading import milestone_progress
from crowdfund.milestones.release import release_tranche
from crowdfund.milestones.verification import reject_evidence, verify_evidence
from crowdfund.money import format_mad
from crowdfund.organisations.models import Organisation
from crowdfund.permissions import Permission, can, require
from crowdfund.projects.loaders import load_project_by_slug
from crowdfund.projects.models import Milestone, Project

bp = Blueprint("milestones", __name__)


def load_evidence(evidence_id):
    """The evidence with its project, milestone, people and files; 404 if there is none."""
    return db.first_or_404(
        sa.select(MilestoneEvidence)
        .where(MilestoneEvidence.id == evidence_id)
        .options(
            joinedload(MilestoneEvidence.project)
            .joinedload(Project.organisation)
            .selectinload(Organisation.members),
            joinedload(MilestoneEvidence.milestone),
            joinedload(MilestoneEvidence.submitted_by),
            joinedload(MilestoneEvidence.decided_by),
            selectinload(MilestoneEvidence.files).joinedload(EvidenceFile.file),
        )
    )


# ── Owners ──────────────────────────────────────────────────────────────────────────────


@bp.url_value_preprocessor
def _allow_large_evidence(endpoint, values):
    """Let the evidence form carry all its files.

    This runs before any before_request handler, so before CSRF protection reads
    the form under the site-wide MAX_CONTENT_LENGTH.
    """
    if endpoint == "milestones.submit_evidence":
        request.max_content_length = evidence_service.evidence_request_limit(current_app.config)


@bp.errorhandler(RequestEntityTooLarge)
def _evidence_too_large(error):
    if request.endpoint != "milestones.submit_evidence":
        return render_template("errors/error.html", error=error), 413
    limit = evidence_service.evidence_request_limit(current_app.config)
    message = _(
        "The files sent together are larger than %(size)d MB. Send fewer or smaller files.",
        size=math.ceil(limit / (1024 * 1024)),
    )
    back = url_for(".manage", slug=request.view_args["slug"])
    return render_template("milestones/too_large.html", message=message, back=back), 413


@bp.get("/manage/projects/<slug>/milestones")
@require(Permission.MANAGE_PROJECT, load=load_project_by_slug)
def manage(project):
    return _owner_page(project)


@bp.post("/manage/projects/<slug>/milestones/evidence")
@require(Permission.MANAGE_PROJECT, load=load_project_by_slug)
def submit_evidence(project):
    form = EvidenceForm()
    submitted = _carried_out(
        form,
        lambda: evidence_service.submit_evidence(
            project,
            _chosen_milestone(form),
            acting_user(),
            form.narrative.data,
            form.photos.data,
            form.invoices.data,
            form.acceptance_record.data,
        ),
    )
    if submitted:
        flash(_("Your evidence is sent: a reviewer from the ministry will check it."), "success")
        return redirect(url_for(".manage", slug=project.slug))
    return _owner_page(project, form)


def _chosen_milestone(form):
    milestone = db.session.get(Milestone, form.milestone_id.data)
    if milestone is None:
        raise MilestoneRefused(_("This milestone is not one of this project's."))
    return milestone


def _owner_page(project, form=None):
    progress = milestone_progress(project)
    open_milestone = evidence_service.milestone_open_for_evidence(project, progress)
    if open_milestone is not None and form is None:
        form = EvidenceForm(formdata=None, milestone_id=open_milestone.id)
    config = current_app.config
    return render_template(
        "milestones/manage.html",
        project=project,
        progress=progress,
        open_milestone=open_milestone,
        form=form if open_milestone is not None else None,
        photo_hint=_upload_hint(
            IMAGE_KINDS, config["EVIDENCE_PHOTO_MAX_BYTES"], config["EVIDENCE_MAX_PHOTOS"]
        ),
        invoice_hint=_upload_hint(
            evidence_service.DOCUMENT_KINDS,
            config["EVIDENCE_DOCUMENT_MAX_BYTES"],
            config["EVIDENCE_MAX_INVOICES"],
        ),
        record_hint=_(
            "%(kinds)s, %(size)d MB at most.",
            kinds=allowed_kinds_text(evidence_service.DOCUMENT_KINDS),
            size=config["EVIDENCE_DOCUMENT_MAX_BYTES"] // (1024 * 1024),
        ),
    )


def _upload_hint(kinds, max_bytes, count):
    return _(
        "%(kinds)s, %(size)d MB at most each; up to %(count)d.",
        kinds=allowed_kinds_text(kinds),
        size=max_bytes // (1024 * 1024),
        count=count,
    )


# ── Reviewers ───────────────────────────────────────────────────────────────────────────


@bp.get("/review/evidence/<int:evidence_id>")
@require(Permission.REVIEW, load=load_evidence)
def review_evidence(evidence):
    return _review_page(evidence)


@bp.post("/review/evidence/<int:evidence_id>/verify")
@require(Permission.VERIFY_EVIDENCE, load=load_evidence)
def verify(evidence):
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        verify_evidence(evidence, acting_user())
    except MilestoneRefused as refusal:
        flash(refusal.message, "error")
        return redirect(url_for(".review_evidence", evidence_id=evidence.id))
    db.session.commit()
    flash(_("The evidence is verified: a treasurer can now release the funds."), "success")
    return redirect(url_for("review.queue"))


@bp.post("/review/evidence/<int:evidence_id>/reject")
@require(Permission.VERIFY_EVIDENCE, load=load_evidence)
def reject(evidence):
    form = RejectEvidenceForm()
    if _carried_out(form, lambda: reject_evidence(evidence, acting_user(), form.reason.data)):
        flash(_("The evidence is rejected; the owners can send new evidence."), "success")
        return redirect(url_for("review.queue"))
    return _review_page(evidence, reject_form=form)


def _review_page(evidence, reject_form=None):
    return render_template(
        "milestones/review.html",
        **_evidence_context(evidence),
        can_decide=evidence.state == EvidenceState.SUBMITTED
        and can(acting_user(), Permission.VERIFY_EVIDENCE, evidence),
        reject_form=reject_form or RejectEvidenceForm(formdata=None),
    )


# ── Treasurers ──────────────────────────────────────────────────────────────────────────


@bp.get("/treasury/")
@require(Permission.TREASURY)
def treasury():
    alert_days = current_app.config["REVIEW_AGEING_ALERT_DAYS"]
    return render_template(
        "milestones/treasury.html",
        awaiting=evidence_awaiting_release(alert_days),
        released=recent_disbursements(),
        alert_days=alert_days,
    )


@bp.get("/treasury/evidence/<int:evidence_id>")
@require(Permission.TREASURY, load=load_evidence)
def release_page(evidence):
    return _release_page(evidence)


@bp.post("/treasury/evidence/<int:evidence_id>/release")
@require(Permission.RELEASE_TRANCHE, load=load_evidence)
def release(evidence):
    form = ReleaseForm()
    disbursement = _carried_out(
        form,
        lambda: release_tranche(
            evidence, acting_user(), form.amount.data, form.bank_reference.data
        ),
    )
    if disbursement:
        flash(
            _(
                "%(amount)s released for “%(milestone)s”; the donors are told.",
                amount=format_mad(disbursement.amount),
                milestone=evidence.milestone.title,
            ),
            "success",
        )
        return redirect(url_for(".treasury"))
    return _release_page(evidence, form)


def _release_page(evidence, form=None):
    progress = {item.milestone.id: item for item in milestone_progress(evidence.project)}
    item = progress[evidence.milestone_id]
    held = balance_of(account_for(AccountKind.PROJECT_ESCROW, project=evidence.project))
    may_release = can(acting_user(), Permission.RELEASE_TRANCHE, evidence)
    releasable = (
        may_release
        and evidence.is_verified
        and item.evidence.id == evidence.id
        and not item.disbursed
    )
    if form is None and releasable:
        form = ReleaseForm(formdata=None, amount=min(evidence.milestone.amount, held))
    return render_template(
        "milestones/release.html",
        **_evidence_context(evidence),
        progress=item,
        held=held,
        may_release=may_release,
        form=form if releasable else None,
    )


# ── Shared ──────────────────────────────────────────────────────────────────────────────


def _evidence_context(evidence):
    """What the evidence pages of reviewers and treasurers show of one evidence."""
    project = evidence.project
    photos = evidence.files_of_kind(EvidenceFileKind.PHOTO)
    return {
        "evidence": evidence,
        "project": project,
        "milestone": evidence.milestone,
        "photos": photos,
        "invoices": evidence.files_of_kind(EvidenceFileKind.INVOICE),
        "acceptance_records": evidence.files_of_kind(EvidenceFileKind.ACCEPTANCE_RECORD),
        "distances": {
            photo.id: distance_km(
                photo.latitude, photo.longitude, project.latitude, project.longitude
            )
            for photo in photos
            if photo.has_position
        },
    }


def _carried_out(form, step):
    """What `step` returned once a valid `form` is acted upon and committed; else None.

    Every milestone step returns the row it wrote, so None means the form was invalid or
    the step refused, the refusal then shown on the form for the page to render again.
    """
    if not form.validate_on_submit():
        return None
    try:
        done = step()
    except MilestoneRefused as refusal:
        show_refusal(form, refusal)
        return None
    db.session.commit()
    return done
