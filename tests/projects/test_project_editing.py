"""Owners change their drafts, and only their drafts."""

import html

import pytest

from crowdfund.extensions import db
from crowdfund.projects.models import ProjectState
from tests.factories import OwnerFactory, ReviewerFactory
from tests.factories.projects import CompleteDraftFactory, DraftProjectFactory


def _edit_url(project):
    return f"/manage/projects/{project.slug}/edit"


def test_the_edit_form_is_filled_with_the_draft(login):
    project = DraftProjectFactory(goal_amount=1_200_050)
    page = html.unescape(login(project.created_by).get(_edit_url(project)).get_data(as_text=True))
    assert f'value="{project.title}"' in page
    assert 'value="12000.50"' in page
    assert 'value="Drilling"' in page
    assert '<input checked id="sdgs-5" name="sdgs" type="checkbox" value="6">' in page


def test_saving_replaces_the_plan_and_the_goals(login, project_form):
    project = CompleteDraftFactory(sdgs=[6, 1])
    cover = project.cover_image
    data = project_form(
        title=project.title,
        sdgs=["6", "4"],
        cover_image=None,
        commune_approval=None,
        goal_amount="9 000",
        **{
            "budget_lines-0-amount": "9000",
            "budget_lines-1-label": "",
            "budget_lines-1-amount": "",
            "milestones-0-amount": "3000",
        },
    )

    response = login(project.created_by).post(_edit_url(project), data=data)

    assert response.status_code == 302
    db.session.expire_all()
    assert project.goal_amount == 900_000
    assert project.sdgs == [4, 6]
    assert [(line.label, line.amount) for line in project.budget_lines] == [("Drilling", 900_000)]
    assert [m.amount for m in project.milestones] == [300_000, 600_000]
    assert project.cover_image == cover


def test_a_new_title_gives_a_draft_a_new_slug(login, project_form):
    project = DraftProjectFactory(slug="old-title")
    response = login(project.created_by).post(
        _edit_url(project), data=project_form(title="Une école à Tafraout")
    )
    db.session.expire_all()
    assert project.slug == "une-ecole-a-tafraout"
    assert response.location.endswith("/manage/projects/une-ecole-a-tafraout")


def test_an_invalid_change_is_refused_and_saves_nothing(login, project_form):
    project = DraftProjectFactory()
    title = project.title
    response = login(project.created_by).post(
        _edit_url(project), data=project_form(title="New title", latitude="50")
    )
    assert response.status_code == 200
    db.session.expire_all()
    assert project.title == title


@pytest.mark.parametrize("user_factory", [OwnerFactory, ReviewerFactory])
def test_someone_outside_the_organisation_gets_not_found_or_refused(login, user_factory):
    project = DraftProjectFactory()
    expected = 404 if user_factory is OwnerFactory else 403
    assert login(user_factory()).get(_edit_url(project)).status_code == expected


def test_a_non_member_posting_changes_gets_not_found_and_changes_nothing(login, project_form):
    project = DraftProjectFactory()
    title = project.title
    response = login(OwnerFactory()).post(_edit_url(project), data=project_form())
    assert response.status_code == 404
    db.session.expire_all()
    assert project.title == title


def test_an_unknown_slug_is_not_found(login):
    assert login(OwnerFactory()).get("/manage/projects/no-such-project/edit").status_code == 404


@pytest.mark.parametrize("state", [state for state in ProjectState if state != ProjectState.DRAFT])
def test_a_project_that_is_no_longer_a_draft_cannot_be_edited(login, project_form, state):
    project = DraftProjectFactory(state=state)
    title = project.title
    client = login(project.created_by)

    shown = client.get(_edit_url(project))
    posted = client.post(_edit_url(project), data=project_form(title="Changed"))

    assert shown.status_code == posted.status_code == 302
    assert posted.location.endswith(f"/manage/projects/{project.slug}")
    db.session.expire_all()
    assert project.title == title
