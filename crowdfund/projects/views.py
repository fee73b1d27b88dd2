"""Owners draft their projects, send them to review and follow what happens to them."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from crowdfund.accounts.sessions import acting_user
from crowdfund.cofunding.sources import funding_sources
from crowdfund.extensions import db
from crowdfund.organisations.loaders import load_organisation
from crowdfund.permissions import Permission, require
from crowdfund.projects import lifecycle, services
from crowdfund.projects.forms import ProjectActionForm, ProjectForm, initial_data
from crowdfund.projects.models import EDITABLE_STATES, ProjectState
from crowdfund.projects.reference import sdg_label, sector_label
from crowdfund.projects.transparency import project_transparency

bp = Blueprint("projects", __name__, url_prefix="/manage/projects")

#: What the owner can expect or should do, in each state.
NEXT_STEPS = {
    ProjectState.DRAFT: _l("Complete the draft, then submit it for review by the ministry."),
    ProjectState.SUBMITTED: _l(
        "Your project is waiting in the review queue; a reviewer will take it up soon."
    ),
    ProjectState.IN_REVIEW: _l(
        "A reviewer is checking your project against the vetting checklist."
    ),
    ProjectState.CHANGES_REQUESTED: _l(
        "The reviewer asked for changes. Reopen the draft, make them, then submit it again."
    ),
    ProjectState.APPROVED: _l("Approved: the project opens for pledges on its start date."),
    ProjectState.REJECTED: _l("The project was rejected; the reviewer's reasons are below."),
    ProjectState.LIVE: _l("The project is raising funds: share its public page."),
    ProjectState.FAILED: _l("The campaign ended before reaching its goal."),
    ProjectState.FUNDED: _l(
        "The goal was reached. Submit evidence for each milestone to receive its funds."
    ),
    ProjectState.COMPLETED: _l("Every milestone is completed. Thank you."),
}


def load_project(slug):
    project = services.find_project_for_owner(slug)
    if project is None:
        abort(404)
    return project


def _render_form(form, organisation, project=None):
    return render_template(
        "projects/form.html",
        form=form,
        organisation=organisation,
        project=project,
        goal_cap=current_app.config["PROJECT_GOAL_CAP_MAD"] * 100,
    )


@bp.route("/new/<int:organisation_id>", methods=["GET", "POST"])
@require(Permission.MANAGE_ORGANISATION, load=load_organisation)
def new(organisation):
    try:
        services.check_can_draft(organisation)
    except services.OrganisationNotVerified:
        return render_template("projects/cannot_draft.html", organisation=organisation), 403
    form = ProjectForm()
    if form.refining_commune or not form.validate_on_submit():
        return _render_form(form, organisation)
    try:
        project = services.create_project(organisation, acting_user(), form.project_data())
    except services.AttachmentRejected as error:
        form[error.field].errors.append(error.message)
        return _render_form(form, organisation)
    db.session.commit()
    flash(_("Your draft is saved. Submit it for review when it is complete."), "success")
    return redirect(url_for(".show", slug=project.slug))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@require(Permission.MANAGE_PROJECT, load=load_project)
def edit(project):
    if project.state not in EDITABLE_STATES:
        flash(_("Only a draft can be changed; this project is no longer a draft."), "warning")
        return redirect(url_for(".show", slug=project.slug))
    form = ProjectForm(data=initial_data(project))
    if form.refining_commune or not form.validate_on_submit():
        return _render_form(form, project.organisation, project)
    try:
        services.update_project(project, acting_user(), form.project_data())
    except services.AttachmentRejected as error:
        form[error.field].errors.append(error.message)
        return _render_form(form, project.organisation, project)
    db.session.commit()
    flash(_("Your changes are saved."), "success")
    return redirect(url_for(".show", slug=project.slug))


@bp.get("/<slug>")
@require(Permission.MANAGE_PROJECT, load=load_project)
def show(project):
    history = services.project_history(project)
    actions = lifecycle.allowed_actions(acting_user(), project)
    can_submit = "submit" in actions
    # Money and updates come once the public may give; a project still in review has none.
    public = project.is_public
    return render_template(
        "projects/show.html",
        project=project,
        history=history,
        funding=funding_sources(project) if public else None,
        transparency=project_transparency(project, acting_user()) if public else None,
        next_step=NEXT_STEPS[project.state],
        sector=f"{project.sector_code} — {sector_label(project.sector_code)}",
        sdgs=[(number, sdg_label(number)) for number in project.sdgs],
        requested_changes=(
            services.latest_reviewer_comment(history)
            if project.state == ProjectState.CHANGES_REQUESTED
            else None
        ),
        missing=services.check_ready_for_submission(project) if can_submit else [],
        can_edit=project.state in EDITABLE_STATES,
        can_submit=can_submit,
        can_revise="revise" in actions,
        public_url=url_for("catalogue.project", slug=project.slug) if project.is_public else None,
        action_form=ProjectActionForm(),
    )


@bp.post("/<slug>/submit")
@require(Permission.MANAGE_PROJECT, load=load_project)
def submit(project):
    if not ProjectActionForm().validate_on_submit():
        abort(400)
    try:
        services.submit_project(project, acting_user())
    except services.NotReadyForSubmission as error:
        flash(_("The project cannot be submitted yet:"), "error")
        for problem in error.problems:
            flash(problem, "error")
    except lifecycle.TransitionError:
        flash(_("Only a draft can be submitted; this project is no longer a draft."), "warning")
    else:
        db.session.commit()
        flash(_("Submitted: a reviewer from the ministry will examine your project."), "success")
    return redirect(url_for(".show", slug=project.slug))


@bp.post("/<slug>/revise")
@require(Permission.MANAGE_PROJECT, load=load_project)
def revise(project):
    if not ProjectActionForm().validate_on_submit():
        abort(400)
    try:
        services.revise_project(project, acting_user())
    except lifecycle.TransitionError:
        flash(_("Only a project whose changes were requested can be reopened."), "warning")
        return redirect(url_for(".show", slug=project.slug))
    db.session.commit()
    flash(_("The project is a draft again: make the requested changes, then submit it."), "success")
    return redirect(url_for(".edit", slug=project.slug))
