"""Registering an organisation, seeing it, and correcting it until the ministry verifies it."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crowdfund.accounts.forms import ButtonForm
from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db
from crowdfund.files.services import UploadRejected, allowed_kinds_text, store_upload
from crowdfund.organisations.forms import (
    DOCUMENT_FILE_KINDS,
    OrganisationForm,
    RegisterOrganisationForm,
)
from crowdfund.organisations.loaders import load_organisation
from crowdfund.organisations.models import OrganisationStatus
from crowdfund.organisations.services import (
    DuplicateRegistration,
    OrganisationLocked,
    organisations_of,
    projects_by_organisation,
    register_organisation,
    resubmit_organisation,
    update_organisation,
)
from crowdfund.permissions import Permission, can, require

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.get("/mine")
@require(Permission.AUTHENTICATED)
def mine():
    organisations = organisations_of(current_user)
    projects = projects_by_organisation(organisations)
    rows = [
        {
            "organisation": organisation,
            "projects": projects[organisation.id],
            "can_draft": organisation.is_verified,
        }
        for organisation in organisations
    ]
    return render_template(
        "organisations/mine.html",
        rows=rows,
        can_register=can(current_user, Permission.VERIFIED),
    )


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.VERIFIED)
def new():
    form = RegisterOrganisationForm()
    if form.refining_commune or not form.validate_on_submit():
        return _render_form("organisations/new.html", form)
    documents = _store_documents(form)
    if documents is None:
        db.session.rollback()
        return _render_form("organisations/new.html", form)
    try:
        organisation = register_organisation(
            acting_user(),
            name=form.name.data,
            kind=form.kind.data,
            registration_number=form.registration_number.data,
            commune=form.chosen_commune,
            description=form.description.data,
            documents=documents,
        )
    except DuplicateRegistration:
        db.session.rollback()
        form.registration_number.errors.append(
            _("An organisation of this kind is already registered under this number.")
        )
        return _render_form("organisations/new.html", form)
    db.session.commit()
    flash(
        _("Your organisation is registered. The ministry will check its documents."),
        "success",
    )
    return redirect(url_for(".detail", organisation_id=organisation.id))


@bp.get("/<int:organisation_id>")
@require(Permission.VIEW_ORGANISATION, load=load_organisation)
def detail(organisation):
    may_manage = can(current_user, Permission.MANAGE_ORGANISATION, organisation)
    return render_template(
        "organisations/detail.html",
        organisation=organisation,
        can_edit=may_manage and organisation.is_editable,
        can_resubmit=may_manage and organisation.status == OrganisationStatus.REJECTED,
        can_draft=may_manage and organisation.is_verified,
        resubmit_form=ButtonForm(),
    )


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
@require(Permission.MANAGE_ORGANISATION, load=load_organisation)
def edit(organisation):
    if not organisation.is_editable:
        flash(_("A verified organisation can no longer be changed."), "warning")
        return redirect(url_for(".detail", organisation_id=organisation.id))
    form = OrganisationForm(obj=organisation)
    if form.refining_commune or not form.validate_on_submit():
        return _render_form("organisations/edit.html", form, organisation=organisation)
    documents = _store_documents(form)
    if documents is None:
        db.session.rollback()
        return _render_form("organisations/edit.html", form, organisation=organisation)
    update_organisation(
        organisation,
        name=form.name.data,
        commune=form.chosen_commune,
        description=form.description.data,
        documents=documents,
    )
    db.session.commit()
    flash(_("Your changes are saved."), "success")
    return redirect(url_for(".detail", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/resubmit")
@require(Permission.MANAGE_ORGANISATION, load=load_organisation)
def resubmit(organisation):
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        resubmit_organisation(organisation, acting_user())
    except OrganisationLocked:
        flash(_("Only a rejected organisation can be submitted again."), "warning")
        return redirect(url_for(".detail", organisation_id=organisation.id))
    db.session.commit()
    flash(_("Your organisation is back in the ministry's queue."), "success")
    return redirect(url_for(".detail", organisation_id=organisation.id))


def _render_form(template, form, **context):
    upload_hint = _(
        "%(kinds)s, %(size)d MB at most.",
        kinds=allowed_kinds_text(DOCUMENT_FILE_KINDS),
        size=current_app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024),
    )
    return render_template(template, form=form, upload_hint=upload_hint, **context)


def _store_documents(form):
    """Store every document given; None, with the reasons on the fields, if any is refused."""
    documents, refused = {}, False
    for kind, field in form.document_fields():
        if not field.data:
            continue
        try:
            documents[kind] = store_upload(field.data, DOCUMENT_FILE_KINDS, acting_user())
        except UploadRejected as rejection:
            field.errors.append(str(rejection))
            refused = True
    return None if refused else documents
