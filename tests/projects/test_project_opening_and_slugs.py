"""Approved projects open on their start date; every project has a lasting, readable address."""

from datetime import timedelta

import pytest

from crowdfund.extensions import db
from crowdfund.projects.models import ProjectState, ProjectTransition
from crowdfund.projects.services import (
    has_been_public,
    open_due_projects,
    slugify,
    unique_slug,
    update_project,
)
from crowdfund.timeutil import today
from tests.factories import ProjectFactory
from tests.factories.projects import DraftProjectFactory


def _approved(start_in_days):
    return ProjectFactory(
        state=ProjectState.APPROVED,
        published_at=None,
        start_date=today() + timedelta(days=start_in_days),
    )


def test_open_due_projects_opens_only_approved_projects_whose_start_has_come():
    due_today, due_yesterday, not_yet = _approved(0), _approved(-1), _approved(1)
    in_review = ProjectFactory(state=ProjectState.IN_REVIEW, start_date=today() - timedelta(days=1))

    opened = open_due_projects()

    assert opened == [due_today, due_yesterday]
    assert due_today.state == due_yesterday.state == ProjectState.LIVE
    assert due_today.published_at is not None
    assert due_today.transitions[-1].action == "go_live"
    assert not_yet.state == ProjectState.APPROVED
    assert in_review.state == ProjectState.IN_REVIEW


def test_the_go_live_command_opens_due_projects(app):
    project = _approved(0)
    result = app.test_cli_runner().invoke(args=["projects", "go-live"])
    assert "1 project(s) opened for pledges." in result.output
    db.session.expire_all()
    assert project.state == ProjectState.LIVE


def test_open_due_projects_takes_the_day_it_runs_for():
    soon = _approved(3)
    assert open_due_projects(on=today() + timedelta(days=2)) == []
    assert open_due_projects(on=today() + timedelta(days=3)) == [soon]


def test_open_due_projects_opens_nothing_twice():
    _approved(0)
    open_due_projects()
    assert open_due_projects() == []


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Drinking water for Douar Tighmert", "drinking-water-for-douar-tighmert"),
        ("  École de Sidi Ifni : 3 classes !  ", "ecole-de-sidi-ifni-3-classes"),
        ("Bir Anzarane — a well", "bir-anzarane-a-well"),
        ("بئر لدوار تيغمرت", "project"),
        ("ⵜⵉⵡⵉⵣⵉ", "project"),
        ("Puits 2025 بئر", "puits-2025"),
    ],
)
def test_slugify_keeps_lower_case_ascii_words(title, slug):
    assert slugify(title) == slug


def test_slugify_keeps_long_titles_within_the_column():
    slug = slugify("word " * 60)
    assert len(slug) <= 100
    assert not slug.endswith("-")


def test_unique_slug_appends_the_first_free_number():
    ProjectFactory(slug="project")
    ProjectFactory(slug="project-2")
    ProjectFactory(slug="project-4")
    assert unique_slug("بئر") == "project-3"


def test_unique_slug_lets_a_project_keep_its_own_slug():
    project = ProjectFactory(slug="well-of-tata")
    assert unique_slug("Well of Tata", project) == "well-of-tata"


def _draft_data(project, title):
    """What the drafting form would hand the service for `project` under a new title."""
    return {
        "title": title,
        "summary": project.summary,
        "description": project.description,
        "sector_code": project.sector_code,
        "sdgs": project.sdgs,
        "commune": project.commune,
        "latitude": project.latitude,
        "longitude": project.longitude,
        "goal_amount": project.goal_amount,
        "funding_model": project.funding_model,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "budget_lines": [("All of it", project.goal_amount)],
        "milestones": [("Done", project.goal_amount, project.end_date)],
    }


def test_a_draft_that_was_once_public_keeps_its_slug_when_renamed():
    project = DraftProjectFactory(slug="first-title")
    # No transition leads back to a draft today; the rule must hold should one ever do.
    project.transitions.append(
        ProjectTransition(
            action="approve", from_state=ProjectState.IN_REVIEW, to_state=ProjectState.APPROVED
        )
    )
    assert has_been_public(project)

    update_project(project, project.created_by, _draft_data(project, "Second title"))

    assert (project.title, project.slug) == ("Second title", "first-title")


def test_a_draft_never_public_follows_its_new_title():
    project = DraftProjectFactory(slug="first-title")
    update_project(project, project.created_by, _draft_data(project, "Second title"))
    assert project.slug == "second-title"


def test_a_draft_never_shown_to_the_public_has_not_been_public():
    assert not has_been_public(ProjectFactory(state=ProjectState.DRAFT, published_at=None))
