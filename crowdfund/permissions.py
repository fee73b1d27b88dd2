"""Who may do what: every permission, the one `can` that decides, and `require` for views.

Every view is wrapped in `require(...)`; a test walks the URL map and fails on
a view that declared nothing.
"""

from enum import StrEnum
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from crowdfund.accounts.models import Role
from crowdfund.milestones.rules import may_release, may_verify


class Permission(StrEnum):
    #: Anyone, logged in or not.
    PUBLIC = "public"
    #: Only visitors who are not logged in (login, register).
    ANONYMOUS_ONLY = "anonymous_only"
    #: Any logged-in user.
    AUTHENTICATED = "authenticated"
    #: A logged-in user with a verified email address.
    VERIFIED = "verified"
    #: See a project page (object: project).
    VIEW_PROJECT = "view_project"
    #: Edit, submit or revise a project (object: project).
    MANAGE_PROJECT = "manage_project"
    #: See an organisation and its documents (object: organisation).
    VIEW_ORGANISATION = "view_organisation"
    #: Edit an organisation and draft its projects (object: organisation).
    MANAGE_ORGANISATION = "manage_organisation"
    #: See an uploaded file (object: an Attachment naming the file and what it belongs to).
    VIEW_FILE = "view_file"
    #: Pledge to a project (object: project); the pledge pages check that it is raising funds.
    PLEDGE = "pledge"
    #: See and pay one's own pledge (object: pledge); administrators see every pledge.
    VIEW_PLEDGE = "view_pledge"
    #: Pay one's own pledge: give the card, authenticate (object: pledge); its donor only.
    PAY_PLEDGE = "pay_pledge"
    #: Work the review queue: verify organisations, vet projects.
    REVIEW = "review"
    #: Manage users, roles and geography.
    ADMINISTER = "administer"
    #: Verify or reject a milestone's evidence (object: evidence): reviewers outside its
    #: organisation.
    VERIFY_EVIDENCE = "verify_evidence"
    #: Work the treasury queue: verified evidence awaiting release, tranches released.
    TREASURY = "treasury"
    #: Release a milestone's tranche (object: evidence): a treasurer who did not verify it.
    RELEASE_TRANCHE = "release_tranche"
    #: See the ministry dashboard and download its exports: reviewers, treasurers, admins.
    VIEW_REPORTS = "view_reports"
    #: Post an update (object: project): its members, once it is live.
    POST_UPDATE = "post_update"
    #: Read an update and see its images (object: update).
    VIEW_UPDATE = "view_update"
    #: Correct or delete an update (object: update): its author, while still a member.
    MANAGE_UPDATE = "manage_update"
    #: Follow a project's updates (object: project).
    FOLLOW_PROJECT = "follow_project"


def _is_member(user, organisation):
    return any(member.user_id == user.id for member in organisation.members)


def _can_see_unpublished(user, project):
    return (
        user.has_role(Role.REVIEWER)
        or user.has_role(Role.ADMIN)
        or _is_member(user, project.organisation)
    )


def can(user, permission, obj=None):
    """Whether `user` (possibly anonymous) holds `permission`, on `obj` where it applies."""
    authenticated = user.is_authenticated
    if permission == Permission.PUBLIC:
        return True
    if permission == Permission.ANONYMOUS_ONLY:
        return not authenticated
    if not authenticated:
        if permission == Permission.VIEW_PROJECT:
            return obj.is_public
        if permission == Permission.VIEW_FILE:
            return obj.public and obj.owner.is_public
        if permission == Permission.VIEW_UPDATE:
            return obj.is_public
        return False
    match permission:
        case Permission.AUTHENTICATED:
            return True
        case Permission.VERIFIED:
            return user.email_verified
        case Permission.VIEW_PROJECT:
            return obj.is_public or _can_see_unpublished(user, obj)
        case Permission.MANAGE_PROJECT:
            return _is_member(user, obj.organisation)
        case Permission.VIEW_ORGANISATION:
            return (
                user.has_role(Role.REVIEWER) or user.has_role(Role.ADMIN) or _is_member(user, obj)
            )
        case Permission.MANAGE_ORGANISATION:
            return _is_member(user, obj)
        case Permission.VIEW_FILE:
            return _can_view_attachment(user, obj)
        case Permission.PLEDGE:
            return obj.is_public
        case Permission.VIEW_PLEDGE:
            return obj.donor_id == user.id or user.has_role(Role.ADMIN)
        case Permission.PAY_PLEDGE:
            return obj.donor_id == user.id
        case Permission.REVIEW:
            return user.has_role(Role.REVIEWER)
        case Permission.ADMINISTER:
            return user.has_role(Role.ADMIN)
        case Permission.VERIFY_EVIDENCE:
            return may_verify(user, obj)
        case Permission.TREASURY:
            return user.has_role(Role.TREASURER)
        case Permission.RELEASE_TRANCHE:
            return may_release(user, obj)
        case Permission.VIEW_REPORTS:
            return bool(user.roles & {Role.REVIEWER, Role.TREASURER, Role.ADMIN})
        case Permission.POST_UPDATE:
            return _is_member(user, obj.organisation) and _accepts_updates(obj)
        case Permission.VIEW_UPDATE:
            return _can_read_update(user, obj)
        case Permission.MANAGE_UPDATE:
            return obj.author_id == user.id and _is_member(user, obj.project.organisation)
        case Permission.FOLLOW_PROJECT:
            return obj.is_public
    raise ValueError(f"unknown permission {permission!r}")


def _can_view_attachment(user, attachment):
    """Public attachments follow their project; private ones only its people and reviewers."""
    from crowdfund.milestones.models import MilestoneEvidence
    from crowdfund.organisations.models import Organisation

    owner = attachment.owner
    if isinstance(owner, Organisation):
        return can(user, Permission.VIEW_ORGANISATION, owner)
    if isinstance(owner, MilestoneEvidence):
        return _can_view_evidence_file(user, attachment)
    if attachment.public:
        return can(user, Permission.VIEW_PROJECT, owner)
    return _can_see_unpublished(user, owner)


def _can_view_evidence_file(user, attachment):
    """Photos and acceptance records of verified evidence are public; invoices, and evidence
    not verified, only for the project's people, reviewers and treasurers."""
    evidence = attachment.owner
    if attachment.public and evidence.is_public:
        return True
    return user.has_role(Role.TREASURER) or _can_see_unpublished(user, evidence.project)


def _accepts_updates(project):
    from crowdfund.updates.models import UPDATE_STATES

    return project.state in UPDATE_STATES


def _can_read_update(user, update):
    """Public updates follow their project; updates for donors only its donors and its people."""
    from crowdfund.updates.visibility import reads_donor_updates

    if not can(user, Permission.VIEW_PROJECT, update.project):
        return False
    return update.is_public or reads_donor_updates(user, update.project)


def _deny(permission, obj):
    """Answer a refused request: log in first, hide what may not be seen, else forbid."""
    if permission == Permission.ANONYMOUS_ONLY:
        return redirect(url_for("catalogue.index"))
    if not current_user.is_authenticated and obj is None:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if obj is not None and not _can_see_object(obj):
        abort(404)
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    abort(403)


def _can_see_object(obj):
    from crowdfund.milestones.models import MilestoneEvidence
    from crowdfund.organisations.models import Organisation
    from crowdfund.pledges.models import Pledge
    from crowdfund.updates.models import ProjectUpdate

    if isinstance(obj, ProjectUpdate):
        # Visitors log in first (mail to donors links to updates for donors only).
        visible = can(current_user, Permission.VIEW_UPDATE, obj)
        return visible or (not current_user.is_authenticated and obj.project.is_public)
    if isinstance(obj, Pledge):
        # Visitors log in first (the link may come from an email); others' pledges are hidden.
        return not current_user.is_authenticated
    if isinstance(obj, Organisation):
        return can(current_user, Permission.VIEW_ORGANISATION, obj)
    if isinstance(obj, MilestoneEvidence):
        return can(current_user, Permission.VIEW_PROJECT, obj.project)
    if hasattr(obj, "is_public"):
        return can(current_user, Permission.VIEW_PROJECT, obj)
    return can(current_user, Permission.VIEW_FILE, obj)


def require(permission, load=None):
    """Declare the permission a view needs.

    With `load`, the URL's arguments are turned into the object the permission
    is about (`load` aborts with 404 when there is none), and the view receives
    that object instead of the raw arguments.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(**kwargs):
            obj = load(**kwargs) if load else None
            if not can(current_user, permission, obj):
                return _deny(permission, obj)
            return view(obj) if load else view(**kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator
