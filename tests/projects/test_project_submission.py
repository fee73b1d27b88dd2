"""Owners send complete drafts to review, and reopen them when changes are requested."""

import html
from datetime import timedelta

import pytest

from crowdfund.extensions import db
from crowdfund.money import format_mad
from crowdfund.organisations.models import OrganisationStatus
from crowdfund.projects import services
from crowdfund.projects.models import Milestone, ProjectState
from crowdfund.projects.services import check_ready_for_submission
from crowdfund.timeutil import today
from tests.factories import OwnerFactory, ProjectFactory
from tests.factories.projects import CompleteDraftFactory, DraftProjectFactory


def _follow(client, url):
    """Post to `url` and return the answer and the page it redirects to."""
    response = client.post(url)
    return response, html.unescape(client.get(response.location).get_data(as_text=True))


def _page_after(client, url):
    return _follow(client, url)[1]


def test_a_complete_draft_is_ready_for_submission():
    assert check_ready_for_submission(CompleteDraftFactory()) == []


def test_a_draft_without_its_files_is_not_ready():
    problems = check_ready_for_submission(DraftProjectFactory())
    assert problems == ["Add a cover image.", "Attach the commune's approval document."]


def test_plan_totals_and_dates_are_checked_again_before_submission():
    project = CompleteDraftFactory(start_date=today() - timedelta(days=1))
    project.milestones.append(
        Milestone(position=3, title="Extra", amount=100, target_date=project.start_date)
    )
    db.session.flush()

    problems = check_ready_for_submission(project)

    assert "The start date cannot be in the past." in problems
    assert (
        f"Milestones add up to {format_mad(project.goal_amount + 100)}; the goal is "
        f"{format_mad(project.goal_amount)} (a difference of {format_mad(100)})." in problems
    )
    assert any(problem.startswith("Milestone “Extra”: ") for problem in problems)


def test_a_draft_of_an_organisation_no_longer_verified_is_not_ready():
    project = CompleteDraftFactory()
    project.organisation.status = OrganisationStatus.PENDING
    assert check_ready_for_submission(project) == [
        "Your organisation must be verified before it can submit projects."
    ]


def test_submitting_an_incomplete_draft_lists_what_is_missing_and_changes_nothing(login):
    project = DraftProjectFactory()
    client = login(project.created_by)

    response, page = _follow(client, f"/manage/projects/{project.slug}/submit")

    assert response.status_code == 302
    assert response.location.endswith(f"/manage/projects/{project.slug}")
    assert "The project cannot be submitted yet:" in page
    assert "Add a cover image." in page
    assert "Attach the commune's approval document." in page
    db.session.expire_all()
    assert project.state == ProjectState.DRAFT
    assert project.submitted_at is None
    assert project.transitions == []


def test_submitting_a_complete_draft_sends_it_to_review(login):
    project = CompleteDraftFactory()
    owner = project.created_by

    response, page = _follow(login(owner), f"/manage/projects/{project.slug}/submit")

    assert response.status_code == 302
    assert "a reviewer from the ministry will examine your project" in page
    db.session.expire_all()
    assert project.state == ProjectState.SUBMITTED
    assert project.submitted_at is not None
    [entry] = project.transitions
    assert (entry.action, entry.from_state, entry.to_state, entry.actor_id) == (
        "submit",
        ProjectState.DRAFT,
        ProjectState.SUBMITTED,
        owner.id,
    )


def test_submitting_twice_changes_nothing_the_second_time(login):
    project = CompleteDraftFactory()
    client = login(project.created_by)
    client.post(f"/manage/projects/{project.slug}/submit")

    page = _page_after(client, f"/manage/projects/{project.slug}/submit")

    assert "Only a draft can be submitted" in page
    db.session.expire_all()
    assert len(project.transitions) == 1


def test_someone_outside_the_organisation_cannot_submit(login):
    project = CompleteDraftFactory()
    assert login(OwnerFactory()).post(f"/manage/projects/{project.slug}/submit").status_code == 404
    db.session.expire_all()
    assert project.state == ProjectState.DRAFT


def test_submit_project_refuses_an_incomplete_draft():
    project = DraftProjectFactory()
    with pytest.raises(services.NotReadyForSubmission) as refused:
        services.submit_project(project, project.created_by)
    assert "Add a cover image." in refused.value.problems
    assert project.state == ProjectState.DRAFT


def test_making_the_requested_changes_reopens_the_draft(login):
    project = CompleteDraftFactory(state=ProjectState.CHANGES_REQUESTED)
    owner = project.created_by

    response = login(owner).post(f"/manage/projects/{project.slug}/revise")

    assert response.status_code == 302
    assert response.location.endswith(f"/manage/projects/{project.slug}/edit")
    db.session.expire_all()
    assert project.state == ProjectState.DRAFT
    [entry] = project.transitions
    assert (entry.action, entry.actor_id) == ("revise", owner.id)


@pytest.mark.parametrize("state", [ProjectState.DRAFT, ProjectState.SUBMITTED, ProjectState.LIVE])
def test_only_a_project_whose_changes_were_requested_can_be_reopened(login, state):
    project = ProjectFactory(state=state)
    page = _page_after(login(project.created_by), f"/manage/projects/{project.slug}/revise")
    assert "Only a project whose changes were requested can be reopened." in page
    db.session.expire_all()
    assert project.state == state
    assert project.transitions == []
