"""The public project page: what it tells a donor, and who may see a project not yet public."""

from datetime import timedelta

import pytest
from markupsafe import escape

from crowdfund.extensions import db
from crowdfund.projects.models import BudgetLine, FundingModel, Milestone, ProjectState
from crowdfund.projects.reference import CHECKLIST
from crowdfund.timeutil import today, utcnow
from tests.catalogue.query_counter import counting_queries
from tests.factories import (
    OrganisationFactory,
    OwnerFactory,
    ProjectFactory,
    ReviewerFactory,
    UserFactory,
    any_commune,
)
from tests.factories.catalogue import (
    ProjectReviewFactory,
    ProjectTransitionFactory,
    StoredFileFactory,
)


def _page(client, project):
    response = client.get(f"/projects/{project.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_project_page_tells_the_story_and_the_numbers(client):
    project = ProjectFactory(
        title="Solar well for douar Tizi",
        summary="Drinking water for 60 families.",
        description="## The need\n\nWomen walk **two hours** a day.",
        goal_amount=12_000_000,
        raised_amount=3_000_000,
        funding_model=FundingModel.ALL_OR_NOTHING,
        sector_code="14030",
        sdgs=[6, 5],
        end_date=today() + timedelta(days=20),
        cover_image=StoredFileFactory(),
    )

    html = _page(client, project)

    assert "Solar well for douar Tizi" in html
    assert "Drinking water for 60 families." in html
    assert f'src="/files/{project.cover_image.storage_key}"' in html
    assert "<h2>The need</h2>" in html
    assert "<strong>two hours</strong>" in html
    assert "MAD120,000.00" in html
    assert "MAD30,000.00" in html
    assert "All or nothing" in html
    assert str(FundingModel.ALL_OR_NOTHING.explanation) in html
    assert "20 days left" in html
    assert "Basic drinking water supply and basic sanitation" in html
    assert "DAC code 14030" in html
    assert "Clean water and sanitation" in html
    assert "Gender equality" in html


def test_project_page_shows_budget_lines_and_milestones(client):
    project = ProjectFactory(goal_amount=10_000_000)

    html = _page(client, project)

    assert "Drilling" in html
    assert "Pump and solar panels" in html
    assert "Borehole drilled" in html
    assert "Water flowing" in html
    assert "MAD50,000.00" in html
    assert "MAD100,000.00" in html


def test_project_page_names_the_place_and_links_to_the_map(client):
    project = ProjectFactory(commune=any_commune("C0001"), latitude=31.6295, longitude=-9.2145)

    html = _page(client, project)

    assert "Aglif" in html
    assert "Essaouira" in html
    assert "Marrakech-Safi" in html
    assert (
        "https://www.openstreetmap.org/?mlat=31.62950&amp;mlon=-9.21450#map=14/31.62950/-9.21450"
        in html
    )


def test_project_page_names_the_place_in_the_visitor_language(client):
    project = ProjectFactory(commune=any_commune("C0001"))

    response = client.get(f"/projects/{project.slug}", headers={"Accept-Language": "ar"})

    assert "أغليف" in response.get_data(as_text=True)


def test_project_page_presents_the_organisation(client):
    organisation = OrganisationFactory(name="Coopérative Tifawine", commune=any_commune("C0121"))
    project = ProjectFactory(organisation=organisation)

    html = _page(client, project)

    assert "Coopérative Tifawine" in html
    assert "Association" in html
    assert "Aït Blal" in html
    assert "Verified by the ministry" in html


def test_project_page_shows_who_vetted_it_against_what_and_when(client):
    reviewer = ReviewerFactory(
        name="Samira Bennani", affiliation="Ministry of Economy and Finance – Treasury"
    )
    project = ProjectFactory()
    answers = {key: {"passed": True, "note": ""} for key in CHECKLIST}
    answers["budget_realism"]["note"] = "Prices match the Souss quotes."
    ProjectReviewFactory(
        project=project, reviewer=reviewer, checklist_version="2026.1", answers=answers
    )

    html = _page(client, project)

    assert "Samira Bennani" in html
    assert "Ministry of Economy and Finance – Treasury" in html
    assert "Version 2026.1" in html
    for label in CHECKLIST.values():
        assert escape(str(label)) in html
    assert "Prices match the Souss quotes." in html
    assert html.count("Passed") == len(CHECKLIST)
    assert "Approved for funding" in html


def test_the_vetting_record_comes_from_the_approving_review(client):
    project = ProjectFactory()
    ProjectReviewFactory(
        project=project,
        reviewer=ReviewerFactory(name="Karim Alaoui"),
        decision="request_changes",
    )
    ProjectReviewFactory(project=project, reviewer=ReviewerFactory(name="Nadia Tazi"))

    html = _page(client, project)

    assert "Nadia Tazi" in html
    assert "Karim Alaoui" not in html


def test_project_page_says_when_no_reviewer_approved_it(client):
    assert "No reviewer has approved this project yet." in _page(client, ProjectFactory())


def test_project_page_shows_the_public_history(client):
    project = ProjectFactory()
    ProjectTransitionFactory(
        project=project, action="submit", from_state="draft", to_state="submitted"
    )
    ProjectTransitionFactory(project=project, action="approve", comment="internal note")
    ProjectTransitionFactory(
        project=project, action="go_live", from_state="approved", to_state="live"
    )

    html = _page(client, project)

    assert (
        html.index("Submitted for review")
        < html.index("Approved")
        < html.index("Opened for pledges")
    )
    assert "internal note" not in html


def test_markdown_in_the_story_cannot_run_scripts(client):
    project = ProjectFactory(
        description="Hello <script>alert('x')</script>\n\n[click](javascript:alert(1))"
    )

    html = _page(client, project)

    assert "<script>alert" not in html
    assert 'href="javascript' not in html


def test_links_in_the_story_are_not_endorsed(client):
    project = ProjectFactory(description="See [the commune's site](https://commune.example).")

    html = _page(client, project)

    assert (
        '<a href="https://commune.example" rel="nofollow noopener noreferrer">'
        "the commune's site</a>"
    ) in html


def test_unknown_project_is_not_found(client):
    assert client.get("/projects/no-such-project").status_code == 404


@pytest.fixture
def draft():
    return ProjectFactory(state=ProjectState.DRAFT, published_at=None)


def test_a_draft_is_hidden_from_anonymous_visitors(client, draft):
    assert client.get(f"/projects/{draft.slug}").status_code == 404


@pytest.mark.parametrize("make_user", [UserFactory, OwnerFactory], ids=["donor", "other_owner"])
def test_a_draft_is_hidden_from_people_outside_its_organisation(login, draft, make_user):
    assert login(make_user()).get(f"/projects/{draft.slug}").status_code == 404


@pytest.mark.parametrize("who", ["owner", "reviewer"])
def test_a_draft_is_shown_to_its_owner_and_reviewers_with_a_warning(login, draft, who):
    user = draft.organisation.created_by if who == "owner" else ReviewerFactory()

    response = login(user).get(f"/projects/{draft.slug}")

    assert response.status_code == 200
    assert "Not public yet: Draft" in response.get_data(as_text=True)


def test_a_public_project_has_no_warning(client):
    assert "Not public yet" not in _page(client, ProjectFactory())


def _project_with_plan(size):
    project = ProjectFactory(plan=False, goal_amount=size * 1_000_000)
    for n in range(size):
        project.budget_lines.append(BudgetLine(position=n, label=f"Line {n}", amount=1_000_000))
        project.milestones.append(
            Milestone(
                position=n,
                title=f"Step {n}",
                amount=1_000_000,
                target_date=project.end_date + timedelta(days=n),
            )
        )
        ProjectTransitionFactory(project=project, action="submit", created_at=utcnow())
    ProjectReviewFactory(project=project)
    db.session.flush()
    return project


@pytest.mark.parametrize("as_owner", [False, True], ids=["anonymous", "owner"])
def test_project_page_runs_as_many_queries_for_eight_lines_as_for_two(client, login, as_owner):
    def statements(project):
        visitor = login(project.organisation.created_by) if as_owner else client
        with counting_queries() as executed:
            assert visitor.get(f"/projects/{project.slug}").status_code == 200
        return len(executed)

    assert 0 < statements(_project_with_plan(2)) == statements(_project_with_plan(8))
