"""The life of a project: every transition is one guarded function.

    draft ──submit──▶ submitted ──start_review──▶ in_review ──approve──▶ approved
      ▲                                            │   │                    │
      └──revise── changes_requested ◀──────────────┘   └─reject──▶ rejected │ go_live
                                                                            ▼
        completed ◀──complete── funded ◀──fund── live ──fail──▶ failed

Each function checks who may act (the guard) and from which state, records
the move in the project's history, and flushes; the caller commits.
"""

from flask_babel import lazy_gettext as _l

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from crowdfund.projects.models import ProjectState, ProjectTransition
from crowdfund.timeutil import today, utcnow


class TransitionError(Exception):
    """A transition was asked for from the wrong state or by someone not allowed to make it."""


class Actor:
    """Who may trigger a transition."""

    OWNER = "owner"
    REVIEWER = "reviewer"
    SYSTEM = "system"


#: action: (states it may start from, state it leads to, who may act)
TRANSITIONS = {
    "submit": ({ProjectState.DRAFT}, ProjectState.SUBMITTED, Actor.OWNER),
    "start_review": ({ProjectState.SUBMITTED}, ProjectState.IN_REVIEW, Actor.REVIEWER),
    "approve": ({ProjectState.IN_REVIEW}, ProjectState.APPROVED, Actor.REVIEWER),
    "request_changes": ({ProjectState.IN_REVIEW}, ProjectState.CHANGES_REQUESTED, Actor.REVIEWER),
    "reject": ({ProjectState.IN_REVIEW}, ProjectState.REJECTED, Actor.REVIEWER),
    "revise": ({ProjectState.CHANGES_REQUESTED}, ProjectState.DRAFT, Actor.OWNER),
    "go_live": ({ProjectState.APPROVED}, ProjectState.LIVE, Actor.SYSTEM),
    "fail": ({ProjectState.LIVE}, ProjectState.FAILED, Actor.SYSTEM),
    "fund": ({ProjectState.LIVE}, ProjectState.FUNDED, Actor.SYSTEM),
    "complete": ({ProjectState.FUNDED}, ProjectState.COMPLETED, Actor.SYSTEM),
}

ACTION_LABELS = {
    "submit": _l("Submitted for review"),
    "start_review": _l("Review started"),
    "approve": _l("Approved"),
    "request_changes": _l("Changes requested"),
    "reject": _l("Rejected"),
    "revise": _l("Reopened for changes"),
    "go_live": _l("Opened for pledges"),
    "fail": _l("Closed: goal not reached"),
    "fund": _l("Funded"),
    "complete": _l("Completed"),
}


def may_act(user, project, actor):
    """Whether `user` (None for the system) may trigger transitions reserved to `actor`."""
    if actor == Actor.SYSTEM:
        return user is None
    if user is None:
        return False
    if actor == Actor.OWNER:
        return any(member.user_id == user.id for member in project.organisation.members)
    if actor == Actor.REVIEWER:
        return user.has_role(Role.REVIEWER)
    return False


def allowed_actions(user, project):
    """The actions `user` may take on `project` now, for showing buttons."""
    return [
        action
        for action, (sources, _target, actor) in TRANSITIONS.items()
        if project.state in sources and may_act(user, project, actor)
    ]


def _transition(action, project, user, comment=""):
    sources, target, actor = TRANSITIONS[action]
    if project.state not in sources:
        raise TransitionError(f"cannot {action} a project that is {project.state.value}")
    if not may_act(user, project, actor):
        raise TransitionError(f"not allowed to {action} this project")
    entry = ProjectTransition(
        project=project,
        action=action,
        from_state=project.state,
        to_state=target,
        actor_id=user.id if user else None,
        comment=comment or "",
    )
    project.state = target
    db.session.add(entry)
    db.session.flush()
    return entry


def submit(project, user):
    """The owner sends a draft to the ministry's review queue."""
    entry = _transition("submit", project, user)
    project.submitted_at = entry.created_at or utcnow()
    return entry


def start_review(project, user):
    """A reviewer takes a submitted project from the queue."""
    return _transition("start_review", project, user)


def approve(project, user, comment=""):
    """A reviewer approves; the project goes live at once if its start date has come."""
    entry = _transition("approve", project, user, comment)
    go_live_if_due(project)
    return entry


def request_changes(project, user, comment):
    return _transition("request_changes", project, user, comment)


def reject(project, user, comment):
    return _transition("reject", project, user, comment)


def revise(project, user):
    """The owner reopens a project whose changes were requested, as a draft."""
    return _transition("revise", project, user)


def go_live(project, user=None):
    """Open an approved project for pledges (the system does this, never a person)."""
    entry = _transition("go_live", project, user)
    project.published_at = utcnow()
    return entry


def go_live_if_due(project, on=None):
    """Open an approved project for pledges when its start date has come."""
    if project.state == ProjectState.APPROVED and project.start_date <= (on or today()):
        return go_live(project)
    return None


def fail(project, user=None):
    return _transition("fail", project, user)


def fund(project, user=None):
    return _transition("fund", project, user)


def complete(project, user=None):
    return _transition("complete", project, user)
