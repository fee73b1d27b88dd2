"""The project state machine, tried for every (state, action, actor) combination."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.projects import lifecycle
from crowdfund.projects.lifecycle import TRANSITIONS, Actor, TransitionError
from crowdfund.projects.models import ProjectState, ProjectTransition
from crowdfund.timeutil import today
from tests.factories import AdminFactory, OwnerFactory, ProjectFactory, ReviewerFactory, UserFactory

ACTORS = ("member", "other_owner", "donor", "reviewer", "admin", "system")
ALLOWED_ACTOR = {Actor.OWNER: "member", Actor.REVIEWER: "reviewer", Actor.SYSTEM: "system"}


def _user_for(actor, project):
    match actor:
        case "member":
            return project.organisation.created_by
        case "other_owner":
            return OwnerFactory()
        case "donor":
            return UserFactory()
        case "reviewer":
            return ReviewerFactory()
        case "admin":
            return AdminFactory()
        case "system":
            return None


def _act(action, project, user):
    function = getattr(lifecycle, action)
    if action in ("request_changes", "reject"):
        return function(project, user, "Please attach the commune's approval.")
    return function(project, user)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("state", list(ProjectState))
def test_transition_is_allowed_only_from_its_states_and_for_its_actor(state, action, actor):
    project = ProjectFactory(state=state, start_date=today() + timedelta(days=5))
    user = _user_for(actor, project)
    sources, target, allowed_actor = TRANSITIONS[action]

    if state in sources and ALLOWED_ACTOR[allowed_actor] == actor:
        entry = _act(action, project, user)
        assert project.state == target
        assert (entry.from_state, entry.to_state, entry.action) == (state, target, action)
        assert entry.actor_id == (user.id if user else None)
    else:
        with pytest.raises(TransitionError):
            _act(action, project, user)
        assert project.state == state
        assert db.session.scalar(sa.select(sa.func.count(ProjectTransition.id))) == 0


def test_approving_a_project_whose_start_date_has_come_opens_it():
    project = ProjectFactory(state=ProjectState.IN_REVIEW, start_date=today(), published_at=None)
    lifecycle.approve(project, ReviewerFactory())
    assert project.state == ProjectState.LIVE
    assert project.published_at is not None
    assert [t.action for t in project.transitions] == ["approve", "go_live"]


def test_approving_a_project_that_starts_later_keeps_it_approved_until_then():
    start = today() + timedelta(days=3)
    project = ProjectFactory(state=ProjectState.IN_REVIEW, start_date=start, published_at=None)
    lifecycle.approve(project, ReviewerFactory())
    assert project.state == ProjectState.APPROVED
    assert lifecycle.go_live_if_due(project, on=start - timedelta(days=1)) is None
    lifecycle.go_live_if_due(project, on=start)
    assert project.state == ProjectState.LIVE


def test_submitting_starts_the_queue_clock():
    project = ProjectFactory(state=ProjectState.DRAFT, submitted_at=None, published_at=None)
    lifecycle.submit(project, project.organisation.created_by)
    assert project.submitted_at is not None


def test_allowed_actions_offer_only_what_the_user_may_do():
    project = ProjectFactory(state=ProjectState.IN_REVIEW)
    assert lifecycle.allowed_actions(ReviewerFactory(), project) == [
        "approve",
        "request_changes",
        "reject",
    ]
    assert lifecycle.allowed_actions(project.organisation.created_by, project) == []
