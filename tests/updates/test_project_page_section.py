"""The updates section that the project's page includes: latest updates, follow button, flag."""

from datetime import timedelta

from flask import render_template

from crowdfund.extensions import login_manager
from crowdfund.timeutil import utcnow
from crowdfund.updates.models import UpdateVisibility
from crowdfund.updates.panel import PANEL_LIMIT, updates_panel
from tests.factories import ProjectFactory
from tests.factories.updates import ProjectUpdateFactory, UpdateImageFactory


def _section(project, viewer=None):
    viewer = viewer or login_manager.anonymous_user()
    return render_template(
        "updates/_project_updates.html", updates_panel=updates_panel(project, viewer)
    )


def test_the_section_shows_the_latest_updates_with_their_images(project):
    for days_ago in range(PANEL_LIMIT + 2):
        ProjectUpdateFactory(
            project=project,
            title=f"Week {days_ago}",
            created_at=utcnow() - timedelta(days=days_ago),
        )
    UpdateImageFactory(update=ProjectUpdateFactory(project=project, title="With a photo"))

    html = _section(project)

    assert html.index("With a photo") < html.index("Week 0") < html.index("Week 3")
    assert "Week 4" not in html
    assert "/updates/images/" in html
    assert 'alt="Photo 1 of 1"' in html
    assert "See all 8 updates" in html
    assert f'href="/projects/{project.slug}/updates"' in html


def test_the_section_hides_updates_for_donors_from_visitors(project):
    ProjectUpdateFactory(project=project, title="Invoices", visibility=UpdateVisibility.DONORS)

    html = _section(project)

    assert "Invoices" not in html
    assert "No update yet." in html
    assert "Log in to follow this project" in html


def test_members_are_offered_to_post_and_see_when_the_next_report_is_due(project, owner):
    html = _section(project, owner)

    assert f'href="/projects/{project.slug}/updates/new"' in html
    assert "Next progress report due by" in html
    assert "Follow this project" in html


def test_an_overdue_project_is_flagged_to_everyone():
    project = ProjectFactory(published_at=utcnow() - timedelta(days=100))
    ProjectUpdateFactory(
        project=project, is_progress_report=True, created_at=utcnow() - timedelta(days=95)
    )

    html = _section(project)

    assert "Progress report overdue" in html
    assert "The last one was posted on" in html
