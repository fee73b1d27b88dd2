"""The reviewer's page of a project's co-funding: its commitments, a new one, and receipts."""

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from crowdfund.accounts.sessions import acting_user
from crowdfund.cofunding import services
from crowdfund.cofunding.forms import CoFundingForm, ReceivedForm
from crowdfund.cofunding.models import CoFunding
from crowdfund.cofunding.sources import funding_sources
from crowdfund.extensions import db
from crowdfund.files.services import allowed_kinds_text
from crowdfund.form_errors import show_refusal
from crowdfund.permissions import Permission, require
from crowdfund.projects.loaders import load_project_by_slug

bp = Blueprint("cofunding", __name__, url_prefix="/review/projects/<slug>/cofunding")


@bp.route("", methods=["GET", "POST"])
@require(Permission.REVIEW, load=load_project_by_slug)
def commitments(project):
    form = CoFundingForm()
    if form.validate_on_submit():
        try:
            cofunding = services.record_cofunding(
                project,
                acting_user(),
                form.institution.data,
                form.institution_kind.data,
                form.amount.data,
                form.document.data,
                form.note.data,
            )
        except services.CoFundingRefused as refusal:
            show_refusal(form, refusal)
        else:
            db.session.commit()
            flash(
                _(
                    "The commitment of %(institution)s is recorded.",
                    institution=cofunding.institution,
                ),
                "success",
            )
            return redirect(url_for(".commitments", slug=project.slug))
    return _page(project, form)


@bp.post("/received")
@require(Permission.REVIEW, load=load_project_by_slug)
def mark_received(project):
    form = ReceivedForm()
    if not form.validate_on_submit():
        abort(400)
    cofunding = db.session.scalar(
        sa.select(CoFunding).filter_by(id=form.cofunding_id.data, project_id=project.id)
    )
    if cofunding is None:
        abort(404)
    try:
        services.mark_received(cofunding, acting_user())
    except services.CoFundingRefused as refusal:
        flash(refusal.message, "error")
    else:
        db.session.commit()
        flash(
            _(
                "The money of %(institution)s is marked as received.",
                institution=cofunding.institution,
            ),
            "success",
        )
    return redirect(url_for(".commitments", slug=project.slug))


def _page(project, form):
    accepts = services.accepts_cofunding(project)
    return render_template(
        "review/cofunding.html",
        project=project,
        cofundings=services.cofundings_of(project),
        sources=funding_sources(project),
        form=form if accepts else None,
        can_mark_received=accepts,
        upload_hint=_(
            "%(kinds)s, %(size)d MB at most.",
            kinds=allowed_kinds_text(services.DOCUMENT_KINDS),
            size=current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024),
        ),
    )
