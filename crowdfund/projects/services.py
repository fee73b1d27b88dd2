"""Drafting projects and moving them through the owner's side of their lifecycle.

Services flush and never commit; the request (or the command) commits once.
"""

import re
import unicodedata

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.extensions import db
from crowdfund.files.services import IMAGE_KINDS, UploadRejected, store_upload
from crowdfund.geography.models import Commune, Province
from crowdfund.organisations.models import Organisation
from crowdfund.projects import lifecycle, rules
from crowdfund.projects.models import (
    EDITABLE_STATES,
    PUBLIC_STATES,
    BudgetLine,
    Milestone,
    Project,
    ProjectSDG,
    ProjectState,
    ProjectTransition,
)
from crowdfund.projects.reference import SECTORS
from crowdfund.timeutil import today

#: Room left in the slug column for a "-123" suffix.
SLUG_BASE_LENGTH = 100


class OrganisationNotVerified(Exception):
    """Only organisations the ministry has verified may draft projects."""


class ProjectNotEditable(Exception):
    """The project has left the draft state: owners can no longer change it."""


class AttachmentRejected(ValueError):
    """An uploaded file was refused; `field` names the upload, `message` says why."""

    def __init__(self, field, message):
        super().__init__(message)
        self.field = field
        self.message = message


class NotReadyForSubmission(Exception):
    """The project lacks something reviewers need; `problems` says what, for the owner."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def slugify(title):
    """Lower-case ASCII words joined by hyphens; titles with no Latin letters give "project"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:SLUG_BASE_LENGTH].rstrip("-") or "project"


def unique_slug(title, project=None):
    """A slug for `title` that no other project uses (appending -2, -3… when needed)."""
    base = slugify(title)
    query = sa.select(Project.slug).where(Project.slug.startswith(base))
    if project is not None and project.id is not None:
        query = query.where(Project.id != project.id)
    taken = set(db.session.scalars(query))
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def has_been_public(project):
    """Whether the project was ever shown to the public (its address must then stay)."""
    return project.published_at is not None or any(
        transition.to_state in PUBLIC_STATES for transition in project.transitions
    )


def check_can_draft(organisation):
    """Refuse an organisation that may not draft projects."""
    if not organisation.is_verified:
        raise OrganisationNotVerified(organisation)


def create_project(organisation, user, data):
    """A new draft of `organisation`, from the values of the drafting form."""
    check_can_draft(organisation)
    files = _store_files(user, data)
    project = Project(
        organisation=organisation,
        created_by=user,
        slug=unique_slug(data["title"]),
        currency="MAD",
        raised_amount=0,
        state=ProjectState.DRAFT,
    )
    _apply(project, data, files)
    db.session.add(project)
    db.session.flush()
    return project


def update_project(project, user, data):
    """Save the owner's changes to a draft; budget lines, milestones and goals are replaced."""
    if project.state not in EDITABLE_STATES:
        raise ProjectNotEditable(project)
    files = _store_files(user, data)
    if data["title"] != project.title and not has_been_public(project):
        project.slug = unique_slug(data["title"], project)
    _apply(project, data, files)
    db.session.flush()
    return project


def _store_files(user, data):
    """Store the uploaded files before anything else, so that a refused one changes nothing."""
    stored = {}
    for name, allowed in (("cover_image", IMAGE_KINDS), ("commune_approval", {"pdf"})):
        if data.get(name):
            try:
                stored[name] = store_upload(data[name], allowed=allowed, uploaded_by=user)
            except UploadRejected as error:
                raise AttachmentRejected(name, str(error)) from error
    return stored


#: Values of the form that are copied onto the project as they are.
_PLAIN_FIELDS = (
    "title",
    "summary",
    "description",
    "sector_code",
    "commune",
    "goal_amount",
    "funding_model",
    "start_date",
    "end_date",
)


def _apply(project, data, files):
    for name in _PLAIN_FIELDS:
        setattr(project, name, data[name])
    project.latitude = float(data["latitude"])
    project.longitude = float(data["longitude"])
    _replace_sdgs(project, data["sdgs"])
    project.budget_lines = [
        BudgetLine(position=position, label=label, amount=amount)
        for position, (label, amount) in enumerate(data["budget_lines"], start=1)
    ]
    project.milestones = [
        Milestone(position=position, title=title, amount=amount, target_date=target_date)
        for position, (title, amount, target_date) in enumerate(data["milestones"], start=1)
    ]
    for name, stored in files.items():
        setattr(project, name, stored)


def _replace_sdgs(project, numbers):
    # Keep the links that stay: deleting and re-adding the same goal would break uniqueness.
    wanted = set(numbers)
    for link in list(project.sdg_links):
        if link.sdg not in wanted:
            project.sdg_links.remove(link)
    kept = {link.sdg for link in project.sdg_links}
    project.sdg_links.extend(ProjectSDG(sdg=number) for number in sorted(wanted - kept))


def check_ready_for_submission(project):
    """What still stops `project` from going to review, in words for its owner."""
    problems = []
    if not project.organisation.is_verified:
        problems.append(_("Your organisation must be verified before it can submit projects."))
    for value, message in (
        (project.title, _("Give the project a title.")),
        (project.summary, _("Write a short summary.")),
        (project.description, _("Describe the project.")),
        (project.commune_id, _("Choose the commune where the project takes place.")),
    ):
        if not (value.strip() if isinstance(value, str) else value):
            problems.append(message)
    if project.sector_code not in SECTORS:
        problems.append(_("Choose a sector."))
    if not project.sdg_links:
        problems.append(_("Choose at least one Sustainable Development Goal."))
    problems.extend(
        problem
        for problem in (
            rules.latitude_problem(project.latitude),
            rules.longitude_problem(project.longitude),
            rules.goal_problem(project.goal_amount, current_app.config["PROJECT_GOAL_CAP_MAD"]),
            rules.start_date_problem(project.start_date, today()),
            rules.end_date_problem(project.start_date, project.end_date),
        )
        if problem
    )
    problems.extend(_plan_problems(project))
    if project.cover_image_id is None:
        problems.append(_("Add a cover image."))
    if project.commune_approval_id is None:
        problems.append(_("Attach the commune's approval document."))
    return problems


def _plan_problems(project):
    problems = []
    if not project.budget_lines:
        problems.append(_("Add at least one budget line."))
    else:
        amounts = [line.amount for line in project.budget_lines]
        problems.append(rules.budget_total_problem(amounts, project.goal_amount))
    if not project.milestones:
        problems.append(_("Add at least one milestone."))
    else:
        amounts = [milestone.amount for milestone in project.milestones]
        problems.append(rules.milestones_total_problem(amounts, project.goal_amount))
    for milestone in project.milestones:
        problem = rules.milestone_date_problem(milestone.target_date, project.end_date)
        if problem:
            problems.append(
                _("Milestone “%(title)s”: %(problem)s", title=milestone.title, problem=problem)
            )
    return [problem for problem in problems if problem]


def submit_project(project, user):
    """Send a complete draft to the review queue; raises NotReadyForSubmission otherwise."""
    problems = check_ready_for_submission(project)
    if problems:
        raise NotReadyForSubmission(problems)
    return lifecycle.submit(project, user)


def revise_project(project, user):
    """Reopen a project whose changes were requested, as a draft its owners can edit."""
    return lifecycle.revise(project, user)


def open_due_projects(on=None):
    """Open for pledges every approved project whose start date has come; returns them."""
    on = on or today()
    due = db.session.scalars(
        sa.select(Project)
        .where(Project.state == ProjectState.APPROVED, Project.start_date <= on)
        .order_by(Project.id)
    ).all()
    return [project for project in due if lifecycle.go_live_if_due(project, on)]


def project_history(project):
    """Every transition of `project`, oldest first, with who made it."""
    return db.session.scalars(
        sa.select(ProjectTransition)
        .where(ProjectTransition.project_id == project.id)
        .options(joinedload(ProjectTransition.actor))
        .order_by(ProjectTransition.id)
    ).all()


def latest_reviewer_comment(history):
    """The last transition in which a reviewer asked for changes or rejected, or None."""
    for transition in reversed(history):
        if transition.action in {"request_changes", "reject"}:
            return transition
    return None


def find_project_for_owner(slug):
    """The project with `slug` and everything its owner's pages show, or None."""
    return db.session.scalar(
        sa.select(Project)
        .where(Project.slug == slug)
        .options(
            joinedload(Project.organisation).selectinload(Organisation.members),
            joinedload(Project.commune).joinedload(Commune.province).joinedload(Province.region),
            selectinload(Project.budget_lines),
            selectinload(Project.milestones),
            selectinload(Project.transitions),
            joinedload(Project.cover_image),
            joinedload(Project.commune_approval),
        )
    )
