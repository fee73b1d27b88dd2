"""Registering organisations, editing them until verified, and the ministry's decision on them."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from crowdfund.accounts.models import Role
from crowdfund.accounts.services import grant_role
from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.geography.models import Commune, Province
from crowdfund.organisations.models import (
    Organisation,
    OrganisationDocument,
    OrganisationMember,
    OrganisationStatus,
)
from crowdfund.permissions import Permission, can
from crowdfund.projects.models import Project
from crowdfund.timeutil import utcnow


class DuplicateRegistration(ValueError):
    """Another organisation of the same kind is registered under this number."""


class OrganisationDecisionError(Exception):
    """A verification decision asked for in the wrong status, by the wrong person or unjustified."""


class OrganisationLocked(Exception):
    """The organisation may not be changed now, or not by this person."""


def normalise_registration_number(number):
    """Registration numbers compare without regard to case or spacing."""
    return " ".join(number.split()).upper()


def register_organisation(
    user, *, name, kind, registration_number, commune, description, documents
):
    """Register an organisation for verification, with `user` as its first member and an owner.

    `documents` maps each DocumentKind to its StoredFile.
    """
    registration_number = normalise_registration_number(registration_number)
    if _registration_taken(kind, registration_number):
        raise DuplicateRegistration(registration_number)
    organisation = Organisation(
        name=name,
        kind=kind,
        registration_number=registration_number,
        commune=commune,
        description=description,
        status=OrganisationStatus.PENDING,
        submitted_at=utcnow(),
        created_by=user,
    )
    organisation.members.append(OrganisationMember(user=user))
    _attach_documents(organisation, documents)
    db.session.add(organisation)
    grant_role(user, Role.OWNER)
    db.session.flush()
    return organisation


def update_organisation(organisation, *, name, commune, description, documents):
    """Change an organisation awaiting verification or rejected; `documents` replace their kind."""
    if not organisation.is_editable:
        raise OrganisationLocked("a verified organisation can no longer be edited")
    organisation.name = name
    organisation.commune = commune
    organisation.description = description
    _attach_documents(organisation, documents)
    db.session.flush()
    return organisation


def resubmit_organisation(organisation, user):
    """A member sends a rejected organisation back to the ministry, after putting it right."""
    if organisation.status != OrganisationStatus.REJECTED:
        raise OrganisationLocked("only a rejected organisation can be submitted again")
    if not can(user, Permission.MANAGE_ORGANISATION, organisation):
        raise OrganisationLocked("only a member can submit the organisation again")
    organisation.status = OrganisationStatus.PENDING
    organisation.submitted_at = utcnow()
    organisation.decided_by = None
    organisation.decided_at = None
    organisation.decision_reason = None
    db.session.flush()
    return organisation


def verify_organisation(organisation, reviewer):
    """A reviewer confirms the organisation is who it says; it may then draft projects."""
    _decide(organisation, reviewer, OrganisationStatus.VERIFIED, reason=None)
    return organisation


def reject_organisation(organisation, reviewer, reason):
    """A reviewer refuses the organisation, saying why so that its members can put it right."""
    reason = (reason or "").strip()
    if not reason:
        raise OrganisationDecisionError("a rejection needs a reason")
    _decide(organisation, reviewer, OrganisationStatus.REJECTED, reason=reason)
    return organisation


def pending_organisations():
    """Organisations awaiting verification, the longest waiting first."""
    return db.session.scalars(
        sa.select(Organisation)
        .where(Organisation.status == OrganisationStatus.PENDING)
        .options(
            joinedload(Organisation.commune)
            .joinedload(Commune.province)
            .joinedload(Province.region)
        )
        .order_by(Organisation.submitted_at, Organisation.id)
    ).all()


def organisations_of(user):
    """The organisations `user` belongs to, by name."""
    return db.session.scalars(
        sa.select(Organisation)
        .join(OrganisationMember)
        .where(OrganisationMember.user_id == user.id)
        .options(selectinload(Organisation.commune))
        .order_by(Organisation.name, Organisation.id)
    ).all()


def projects_by_organisation(organisations):
    """{organisation id: its projects, newest first} for the given organisations."""
    projects = {organisation.id: [] for organisation in organisations}
    if projects:
        rows = db.session.scalars(
            sa.select(Project)
            .where(Project.organisation_id.in_(projects))
            .order_by(Project.created_at.desc(), Project.id.desc())
        )
        for project in rows:
            projects[project.organisation_id].append(project)
    return projects


def _registration_taken(kind, registration_number):
    same = (Organisation.kind == kind) & (Organisation.registration_number == registration_number)
    return db.session.scalar(sa.select(sa.exists().where(same)))


def _decide(organisation, reviewer, status, reason):
    if organisation.status != OrganisationStatus.PENDING:
        raise OrganisationDecisionError("only an organisation awaiting verification can be decided")
    if not reviewer.has_role(Role.REVIEWER):
        raise OrganisationDecisionError("only a reviewer can decide on an organisation")
    if can(reviewer, Permission.MANAGE_ORGANISATION, organisation):
        raise OrganisationDecisionError("a reviewer cannot decide on their own organisation")
    before = _decision_state(organisation)
    organisation.status = status
    organisation.decided_by = reviewer
    organisation.decided_at = utcnow()
    organisation.decision_reason = reason
    db.session.flush()
    record(
        f"organisation.{status.value}",
        organisation,
        before=before,
        after=_decision_state(organisation),
        actor=reviewer,
    )


def _decision_state(organisation):
    return {"status": organisation.status, "reason": organisation.decision_reason}


def _attach_documents(organisation, documents):
    """Attach each document, replacing any earlier one of the same kind."""
    for kind, stored_file in documents.items():
        existing = organisation.document(kind)
        if existing is None:
            organisation.documents.append(OrganisationDocument(kind=kind, file=stored_file))
        else:
            existing.file = stored_file
