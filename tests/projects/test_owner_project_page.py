"""The owner's page of a project: where it stands, what to do next, and its history."""

import html

import pytest

from crowdfund.projects import lifecycle
from crowdfund.projects.models import ProjectState
from tests.factories import OwnerFactory, ProjectFactory, ReviewerFactory
from tests.factories.projects import CompleteDraftFactory, DraftProjectFactory


def _raw_page(client, project):
    response = client.get(f"/manage/projects/{project.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _page(client, project):
    return html.unescape(_raw_page(client, project))


def test_a_draft_shows_what_is_missing_and_offers_edit_and_submit(login):
    project = DraftProjectFactory(description="Water for **60 families**.<script>x()</script>")
    raw_page = _raw_page(login(project.created_by), project)
    page = html.unescape(raw_page)
    assert "Draft" in page
    assert "Add a cover image." in page
    assert f'href="/manage/projects/{project.slug}/edit"' in page
    assert f'action="/manage/projects/{project.slug}/submit"' in page
    assert "<strong>60 families</strong>" in page
    assert "<script>x()" not in raw_page
    assert "14030 — Basic drinking water supply and basic sanitation" in page


def test_a_complete_draft_says_it_can_be_submitted(login):
    project = CompleteDraftFactory()
    page = _page(login(project.created_by), project)
    assert "Everything reviewers need is there" in page
    assert "the project still needs" not in page
    assert f"/files/{project.cover_image.storage_key}" in page


@pytest.fixture
def reviewed_project():
    """A project that went through review twice and came back with changes requested."""
    project = CompleteDraftFactory()
    owner, reviewer = project.created_by, ReviewerFactory()
    lifecycle.submit(project, owner)
    lifecycle.start_review(project, reviewer)
    lifecycle.request_changes(project, reviewer, "Attach the signed council decision.")
    lifecycle.revise(project, owner)
    lifecycle.submit(project, owner)
    lifecycle.start_review(project, reviewer)
    lifecycle.request_changes(project, reviewer, "The pump budget looks\nlow for 60 families.")
    return project


def test_requested_changes_show_the_latest_reviewer_comment_and_the_reopen_button(
    login, reviewed_project
):
    page = _page(login(reviewed_project.created_by), reviewed_project)
    requested = page.split('id="requested-changes-title"')[1].split("</section>")[0]
    assert "The pump budget looks\nlow for 60 families." in requested
    assert "signed council decision" not in requested
    assert f'action="/manage/projects/{reviewed_project.slug}/revise"' in page
    assert "Make the requested changes" in page
    assert f'action="/manage/projects/{reviewed_project.slug}/submit"' not in page
    assert f"/manage/projects/{reviewed_project.slug}/edit" not in page


def test_the_history_lists_every_step_with_its_actor_and_comment(login, reviewed_project):
    page = _page(login(reviewed_project.created_by), reviewed_project)
    history = page.split('id="history-title"')[1]
    assert history.count("Submitted for review") == 2
    assert history.count("Changes requested") == 2
    assert "Reopened for changes" in history
    assert "Samira Bennani (Ministry of Economy and Finance – Treasury)" in history
    assert "Attach the signed council decision." in history


def test_a_submitted_project_offers_neither_edit_nor_submit(login):
    project = CompleteDraftFactory(state=ProjectState.SUBMITTED)
    page = _page(login(project.created_by), project)
    assert "waiting in the review queue" in page
    assert "/edit" not in page
    assert "/submit" not in page


def test_a_public_project_links_to_its_public_page(login):
    project = ProjectFactory(state=ProjectState.LIVE)
    page = _page(login(project.created_by), project)
    assert f'href="/projects/{project.slug}"' in page


def test_a_draft_has_no_public_page_link(login):
    project = DraftProjectFactory()
    assert f'href="/projects/{project.slug}"' not in _page(login(project.created_by), project)


def test_someone_outside_the_organisation_cannot_see_the_owner_page(login, client):
    project = DraftProjectFactory()
    assert login(OwnerFactory()).get(f"/manage/projects/{project.slug}").status_code == 404
    assert client.get(f"/manage/projects/{project.slug}").status_code == 404
