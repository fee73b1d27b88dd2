"""The ministry's review queue: verifying organisations and vetting projects."""

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.extensions import db
from crowdfund.form_errors import show_refusal
from crowdfund.geography.models import Commune, Province
from crowdfund.milestones.queue import evidence_awaiting_verification
from crowdfund.organisations.models import Organisation, OrganisationMember, OrganisationStatus
from crowdfund.permissions import Permission, require
from crowdfund.projects import lifecycle
from crowdfund.projects.models import Project, ProjectReview, ProjectState, ProjectTransition
from crowdfund.projects.reference import CHECKLIST, CHECKLIST_VERSION, sdg_label, sector_label
from crowdfund.projects.rules import budget_total_problem, milestones_total_problem
from crowdfund.review import services
from crowdfund.review.forms import RejectOrganisationForm, VettingForm
from crowdfund.review.queue import organisations_awaiting_verification, projects_awaiting_review
from crowdfund.review.services import ReviewError
from crowdfund.updates.reporting import overdue_reports

bp = Blueprint("review", __name__, url_prefix="/review")


def load_organisation(organisation_id):
    return db.first_or_404(
        sa.select(Organisation)
        .where(Organisation.id == organisation_id)
        .options(
            joinedload(Organisation.commune)
            .joinedload(Commune.province)
            .joinedload(Province.region),
            joinedload(Organisation.created_by),
            joinedload(Organisation.decided_by),
            selectinload(Organisation.members).joinedload(OrganisationMember.user),
            selectinload(Organisation.documents),
        )
    )


def load_project(slug):
    return db.first_or_404(
        sa.select(Project)
        .where(Project.slug == slug)
        .options(
            joinedload(Project.organisation),
            joinedload(Project.commune).joinedload(Commune.province).joinedload(Province.region),
            joinedload(Project.cover_image),
            joinedload(Project.commune_approval),
            selectinload(Project.budget_lines),
            selectinload(Project.milestones),
            selectinload(Project.transitions).joinedload(ProjectTransition.actor),
            selectinload(Project.reviews).joinedload(ProjectReview.reviewer),
        )
    )


@bp.get("/")
@require(Permission.REVIEW)
def queue():
    alert_days = current_app.config["REVIEW_AGEING_ALERT_DAYS"]
    return render_template(
        "review/queue.html",
        organisations=organisations_awaiting_verification(alert_days),
        projects=projects_awaiting_review(alert_days),
        alert_days=alert_days,
        overdue_reports=overdue_reports(),
        evidence=evidence_awaiting_verification(alert_days),
    )


@bp.get("/organisations/<int:organisation_id>")
@require(Permission.REVIEW, load=load_organisation)
def organisation(organisation):
    return _organisation_page(organisation)


@bp.post("/organisations/<int:organisation_id>/verify")
@require(Permission.REVIEW, load=load_organisation)
def verify_organisation(organisation):
    try:
        services.verify_organisation(organisation, current_user)
    except ReviewError as error:
        flash(error.message, "error")
        return redirect(url_for(".organisation", organisation_id=organisation.id))
    db.session.commit()
    flash(_("%(name)s is verified.", name=organisation.name), "success")
    return redirect(url_for(".queue"))


@bp.post("/organisations/<int:organisation_id>/reject")
@require(Permission.REVIEW, load=load_organisation)
def reject_organisation(organisation):
    form = RejectOrganisationForm()
    if form.validate_on_submit():
        try:
            services.reject_organisation(organisation, current_user, form.reason.data)
        except ReviewError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s is rejected.", name=organisation.name), "success")
            return redirect(url_for(".queue"))
    return _organisation_page(organisation, reject_form=form)


@bp.get("/projects/<slug>")
@require(Permission.REVIEW, load=load_project)
def project(project):
    return _project_page(project)


@bp.post("/projects/<slug>/start")
@require(Permission.REVIEW, load=load_project)
def start_review(project):
    try:
        services.start_project_review(project, current_user)
    except ReviewError as error:
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("You are reviewing this project."), "success")
    return redirect(url_for(".project", slug=project.slug))


@bp.post("/projects/<slug>/decision")
@require(Permission.REVIEW, load=load_project)
def decide(project):
    form = VettingForm()
    if form.validate_on_submit():
        try:
            services.record_review(
                project, current_user, form.answers(), form.decision.data, form.comments.data
            )
        except ReviewError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_decision_message(project), "success")
            return redirect(url_for(".queue"))
    return _project_page(project, vetting_form=form)


def _organisation_page(organisation, reject_form=None):
    can_decide = organisation.status == OrganisationStatus.PENDING
    return render_template(
        "review/organisation.html",
        organisation=organisation,
        can_decide=can_decide,
        reject_form=reject_form or RejectOrganisationForm(formdata=None),
    )


def _project_page(project, vetting_form=None):
    actions = lifecycle.allowed_actions(current_user, project)
    can_decide = "approve" in actions
    budget_amounts = [line.amount for line in project.budget_lines]
    milestone_amounts = [milestone.amount for milestone in project.milestones]
    return render_template(
        "review/project.html",
        project=project,
        started_by=services.review_started_by(project),
        can_start_review="start_review" in actions,
        vetting_form=(vetting_form or VettingForm(formdata=None)) if can_decide else None,
        checklist=CHECKLIST,
        checklist_version=CHECKLIST_VERSION,
        sector=sector_label(project.sector_code),
        sdgs=[(number, sdg_label(number)) for number in project.sdgs],
        budget_total=sum(budget_amounts),
        budget_problem=budget_total_problem(budget_amounts, project.goal_amount),
        milestones_total=sum(milestone_amounts),
        milestones_problem=milestones_total_problem(milestone_amounts, project.goal_amount),
    )


def _decision_message(project):
    match project.state:
        case ProjectState.LIVE:
            return _("The project is approved and now open for pledges.")
        case ProjectState.APPROVED:
            return _("The project is approved; it opens for pledges on its start date.")
        case ProjectState.CHANGES_REQUESTED:
            return _("Changes are requested from the project owner.")
    return _("The project is rejected.")
