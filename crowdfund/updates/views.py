"""Updates on a project's page: reading them, posting and correcting them, following a project."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db, login_manager
from crowdfund.files.models import StoredFile
from crowdfund.files.services import IMAGE_KINDS, UploadRejected, allowed_kinds_text
from crowdfund.files.serving import send_stored_file
from crowdfund.permissions import Permission, can, require
from crowdfund.projects.models import Project
from crowdfund.updates import display
from crowdfund.updates.follows import follow as follow_project
from crowdfund.updates.follows import unfollow as unfollow_project
from crowdfund.updates.forms import NewUpdateForm, UpdateForm
from crowdfund.updates.models import IMAGE_MAX_BYTES, MAX_IMAGES, ProjectUpdate, UpdateImage
from crowdfund.updates.panel import updates_panel
from crowdfund.updates.services import (
    UpdateRefused,
    check_editable,
    delete_update,
    edit_update,
    editable_until,
    is_editable,
    post_update,
)
from crowdfund.urls import safe_next_url

bp = Blueprint("updates", __name__)
display.register(bp)


def load_project(slug):
    return db.first_or_404(
        sa.select(Project).where(Project.slug == slug).options(joinedload(Project.organisation))
    )


def load_update(slug, update_id):
    """The update named by the URL, which must belong to the project named with it."""
    update = db.session.scalar(
        sa.select(ProjectUpdate)
        .join(Project, Project.id == ProjectUpdate.project_id)
        .where(ProjectUpdate.id == update_id, Project.slug == slug)
        .options(
            joinedload(ProjectUpdate.project).joinedload(Project.organisation),
            joinedload(ProjectUpdate.author),
            selectinload(ProjectUpdate.images).joinedload(UpdateImage.file),
        )
    )
    return update or abort(404)


def load_image_update(storage_key):
    """The update an image belongs to; who may see the image is who may read the update."""
    update = db.session.scalar(
        sa.select(ProjectUpdate)
        .join(UpdateImage, UpdateImage.update_id == ProjectUpdate.id)
        .join(StoredFile, StoredFile.id == UpdateImage.file_id)
        .where(StoredFile.storage_key == storage_key)
        .options(joinedload(ProjectUpdate.project).joinedload(Project.organisation))
    )
    return update or abort(404)


@bp.get("/projects/<slug>/updates")
@require(Permission.VIEW_PROJECT, load=load_project)
def index(project):
    return render_template(
        "updates/index.html",
        project=project,
        updates_panel=updates_panel(project, current_user, None),
    )


@bp.get("/projects/<slug>/updates/<int:update_id>")
@require(Permission.VIEW_UPDATE, load=load_update)
def show(update):
    may_manage = can(current_user, Permission.MANAGE_UPDATE, update) and is_editable(update)
    return render_template(
        "updates/show.html",
        update=update,
        project=update.project,
        can_manage=may_manage,
        editable_until=editable_until(update) if may_manage else None,
    )


@bp.route("/projects/<slug>/updates/new", methods=["GET", "POST"])
@require(Permission.POST_UPDATE, load=load_project)
def new(project):
    form = NewUpdateForm()
    if form.validate_on_submit():
        try:
            update = post_update(
                project,
                acting_user(),
                title=form.title.data,
                body=form.body.data,
                visibility=form.visibility.data,
                is_progress_report=form.is_progress_report.data,
                images=form.chosen_images(),
            )
        except UploadRejected as rejection:
            db.session.rollback()
            form.images.errors.append(str(rejection))
        except UpdateRefused as refusal:
            db.session.rollback()
            _show_error(form, refusal)
        else:
            db.session.commit()
            flash(_("Your update is posted."), "success")
            return redirect(url_for(".show", slug=project.slug, update_id=update.id))
    return render_template(
        "updates/form.html", form=form, project=project, image_hint=_image_hint()
    )


@bp.route("/projects/<slug>/updates/<int:update_id>/edit", methods=["GET", "POST"])
@require(Permission.MANAGE_UPDATE, load=load_update)
def edit(update):
    try:
        check_editable(update)
    except UpdateRefused as refusal:
        flash(refusal.message, "warning")
        return redirect(url_for(".show", slug=update.project.slug, update_id=update.id))
    form = UpdateForm(obj=update)
    if form.validate_on_submit():
        try:
            edit_update(
                update,
                title=form.title.data,
                body=form.body.data,
                visibility=form.visibility.data,
                is_progress_report=form.is_progress_report.data,
            )
        except UpdateRefused as refusal:
            db.session.rollback()
            _show_error(form, refusal)
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", slug=update.project.slug, update_id=update.id))
    return render_template("updates/form.html", form=form, project=update.project, update=update)


@bp.post("/projects/<slug>/updates/<int:update_id>/delete")
@require(Permission.MANAGE_UPDATE, load=load_update)
def delete(update):
    project = update.project
    try:
        delete_update(update)
    except UpdateRefused as refusal:
        flash(refusal.message, "warning")
        return redirect(url_for(".show", slug=project.slug, update_id=update.id))
    db.session.commit()
    flash(_("The update is deleted."), "success")
    return redirect(url_for(".index", slug=project.slug))


@bp.get("/updates/images/<storage_key>")
@require(Permission.VIEW_UPDATE, load=load_image_update)
def image(update):
    storage_key = request.view_args["storage_key"]
    stored = next(image.file for image in update.images if image.file.storage_key == storage_key)
    everyone_may_see = can(login_manager.anonymous_user(), Permission.VIEW_UPDATE, update)
    return send_stored_file(stored, everyone_may_see)


@bp.post("/projects/<slug>/follow")
@require(Permission.FOLLOW_PROJECT, load=load_project)
def follow(project):
    follow_project(acting_user(), project)
    db.session.commit()
    flash(_("You follow %(project)s: its updates will come to you by mail.", project=project.title))
    return _back_to(project)


@bp.post("/projects/<slug>/unfollow")
@require(Permission.FOLLOW_PROJECT, load=load_project)
def unfollow(project):
    unfollow_project(acting_user(), project)
    db.session.commit()
    flash(_("You no longer follow %(project)s.", project=project.title))
    return _back_to(project)


def _back_to(project):
    """The page the button was on, or the project's page."""
    target = request.form.get("next")
    if target:
        return redirect(safe_next_url(target))
    return redirect(url_for("catalogue.project", slug=project.slug))


def _image_hint():
    return ngettext(
        "%(kinds)s: up to %(num)d image of %(size)d MB.",
        "%(kinds)s: up to %(num)d images of %(size)d MB each.",
        MAX_IMAGES,
        kinds=allowed_kinds_text(IMAGE_KINDS),
        size=IMAGE_MAX_BYTES // (1024 * 1024),
    )


def _show_error(form, error):
    """Put a service's refusal beside the field it is about, or at the top of the form."""
    if error.field and error.field in form:
        form[error.field].errors.append(error.message)
    else:
        form.form_errors.append(error.message)
