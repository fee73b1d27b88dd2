"""Owners of a verified organisation draft projects; the form refuses what reviewers would."""

import html
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.money import format_mad
from crowdfund.projects.models import FundingModel, Project, ProjectState
from crowdfund.timeutil import today
from tests.factories import OrganisationFactory, OwnerFactory, ProjectFactory
from tests.factories.organisations import RejectedOrganisationFactory
from tests.factories.review import PendingOrganisationFactory


def _new_url(organisation):
    return f"/manage/projects/new/{organisation.id}"


def _projects_of(organisation):
    return db.session.scalars(sa.select(Project).filter_by(organisation_id=organisation.id)).all()


def _page(response):
    return html.unescape(response.get_data(as_text=True))


def test_the_drafting_form_offers_sectors_goals_and_eight_rows(login, owner, organisation):
    page = _page(login(owner).get(_new_url(organisation)))
    assert "14030 — Basic drinking water supply and basic sanitation" in page
    assert 'name="sdgs" type="checkbox" value="17"' in page
    assert 'name="budget_lines-7-amount"' in page
    assert 'name="milestones-7-target_date"' in page
    assert str(FundingModel.ALL_OR_NOTHING.explanation) in page


def test_an_owner_drafts_a_project_with_its_plan_and_files(
    login, owner, organisation, project_form
):
    response = login(owner).post(_new_url(organisation), data=project_form())

    [project] = _projects_of(organisation)
    assert response.status_code == 302
    assert response.location.endswith(f"/manage/projects/{project.slug}")
    assert project.slug == "drinking-water-for-douar-tighmert"
    assert project.state == ProjectState.DRAFT
    assert project.created_by_id == owner.id
    assert project.goal_amount == 1_200_000
    assert project.funding_model == FundingModel.ALL_OR_NOTHING
    assert project.sdgs == [3, 6]
    assert (project.latitude, project.longitude) == (29.0412, -10.0534)
    assert [(line.position, line.label, line.amount) for line in project.budget_lines] == [
        (1, "Drilling", 700_000),
        (2, "Pump and solar panels", 500_000),
    ]
    assert [m.amount for m in project.milestones] == [600_000, 600_000]
    assert project.cover_image.content_type == "image/jpeg"
    assert project.commune_approval.content_type == "application/pdf"
    assert project.transitions == []


def test_a_draft_may_wait_for_its_files(login, owner, organisation, project_form):
    login(owner).post(
        _new_url(organisation), data=project_form(cover_image=None, commune_approval=None)
    )

    [project] = _projects_of(organisation)
    assert project.cover_image is None
    assert project.commune_approval is None


def test_the_slug_gets_a_number_when_the_title_is_taken(login, owner, organisation, project_form):
    ProjectFactory(slug="drinking-water-for-douar-tighmert")
    ProjectFactory(slug="drinking-water-for-douar-tighmert-2")

    login(owner).post(_new_url(organisation), data=project_form())

    [project] = _projects_of(organisation)
    assert project.slug == "drinking-water-for-douar-tighmert-3"


def _refused(client, organisation, data):
    """Post the form, check it is shown again and nothing is saved, and return the page."""
    response = client.post(_new_url(organisation), data=data)
    assert response.status_code == 200
    assert _projects_of(organisation) == []
    return _page(response)


def test_a_goal_above_the_legal_cap_is_refused_with_the_cap(
    app, login, owner, organisation, project_form, monkeypatch
):
    monkeypatch.setitem(app.config, "PROJECT_GOAL_CAP_MAD", 10_000)
    page = _refused(login(owner), organisation, project_form())
    assert f"The goal cannot exceed {format_mad(1_000_000)}," in page
    assert "law 15-18" in page


def test_plan_totals_that_differ_from_the_goal_are_refused_with_the_difference(
    login, owner, organisation, project_form
):
    page = _refused(
        login(owner),
        organisation,
        project_form(**{"milestones-1-amount": "5 000", "budget_lines-1-amount": "5 000,50"}),
    )
    eleven, twelve, one = (format_mad(amount) for amount in (1_100_000, 1_200_000, 100_000))
    assert f"Milestones add up to {eleven}; the goal is {twelve} (a difference of {one})." in page
    assert (
        f"Budget lines add up to {format_mad(1_200_050)}; the goal is {twelve} "
        f"(a difference of {format_mad(50)})." in page
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", "48.85", "This latitude is outside Morocco"),
        ("latitude", "NaN", "Enter a number."),
        ("latitude", "", "Give the latitude."),
        ("longitude", "2.35", "This longitude is outside Morocco"),
        ("sector_code", "99999", "Choose a sector from the list."),
        ("sdgs", None, "Choose at least one goal."),
        ("sdgs", ["18"], "Choose goals from the list."),
        ("goal_amount", "12000.505", "at most two decimals"),
        ("goal_amount", "0", "The amount must be more than 0 MAD."),
        ("commune_id", None, "Choose a commune."),
        ("funding_model", "whatever", "Choose a funding model."),
        ("title", "   ", "Give the project a title."),
        ("summary", "x" * 501, "500"),
    ],
)
def test_a_wrong_answer_is_refused_with_a_message(
    login, owner, organisation, project_form, field, value, message
):
    page = _refused(login(owner), organisation, project_form(**{field: value}))
    assert message in page


def test_an_end_date_before_the_start_is_refused(login, owner, organisation, project_form):
    start = today() + timedelta(days=10)
    data = project_form(
        start_date=start.isoformat(), end_date=(start - timedelta(days=1)).isoformat()
    )
    assert "The end date must come after the start date." in _refused(
        login(owner), organisation, data
    )


def test_a_campaign_longer_than_a_year_is_refused(login, owner, organisation, project_form):
    start = today() + timedelta(days=10)
    end = start + timedelta(days=366)
    data = project_form(
        start_date=start.isoformat(),
        end_date=end.isoformat(),
        **{
            "milestones-0-target_date": end.isoformat(),
            "milestones-1-target_date": end.isoformat(),
        },
    )
    assert "at most 365 days" in _refused(login(owner), organisation, data)


def test_a_start_date_in_the_past_is_refused(login, owner, organisation, project_form):
    data = project_form(start_date=(today() - timedelta(days=1)).isoformat())
    assert "The start date cannot be in the past." in _refused(login(owner), organisation, data)


def test_a_milestone_due_before_the_campaign_ends_is_refused_on_its_row(
    login, owner, organisation, project_form
):
    data = project_form(**{"milestones-1-target_date": today().isoformat()})
    page = _refused(login(owner), organisation, data)
    assert 'id="milestones-1-target_date-error"' in page
    assert "on or after the campaign's end date" in page


def test_a_half_filled_row_is_refused_on_that_row_and_blank_rows_are_ignored(
    login, owner, organisation, project_form
):
    data = project_form(**{"budget_lines-5-amount": "100", "budget_lines-6-label": ""})
    page = _refused(login(owner), organisation, data)
    assert 'id="budget_lines-5-label-error"' in page
    assert "Say what this line pays for." in page
    assert 'id="budget_lines-6-label-error"' not in page


def test_a_plan_needs_at_least_one_budget_line_and_one_milestone(
    login, owner, organisation, project_form
):
    blank_rows = {
        f"{table}-{row}-{name}": None
        for table, names in (
            ("budget_lines", ("label", "amount")),
            ("milestones", ("title", "amount", "target_date")),
        )
        for row in (0, 1)
        for name in names
    }
    page = _refused(login(owner), organisation, project_form(**blank_rows))
    assert "Add at least one budget line." in page
    assert "Add at least one milestone." in page


def test_a_cover_that_is_not_an_image_is_refused_on_its_field(
    login, owner, organisation, project_form
):
    data = project_form(cover_image=(io.BytesIO(b"%PDF-1.4 not an image"), "cover.jpg"))
    page = _refused(login(owner), organisation, data)
    assert 'id="cover_image-error"' in page
    assert "This file is not a JPEG, PNG, or WebP file." in page


def test_showing_communes_keeps_the_answers_and_saves_nothing(
    login, owner, organisation, project_form
):
    page = _refused(login(owner), organisation, project_form(show_communes="Show communes"))
    assert "Drinking water for Douar Tighmert" in page


@pytest.mark.parametrize("factory", [PendingOrganisationFactory, RejectedOrganisationFactory])
def test_an_unverified_organisation_cannot_draft(login, project_form, factory):
    owner = OwnerFactory()
    organisation = factory(created_by=owner)
    client = login(owner)

    shown = client.get(_new_url(organisation))
    posted = client.post(_new_url(organisation), data=project_form())

    assert shown.status_code == posted.status_code == 403
    assert "Only organisations verified by the ministry can draft projects." in _page(shown)
    assert _projects_of(organisation) == []


def test_someone_outside_the_organisation_cannot_draft_for_it(login, project_form):
    organisation = OrganisationFactory()
    response = login(OwnerFactory()).post(_new_url(organisation), data=project_form())
    assert response.status_code == 404
    assert _projects_of(organisation) == []


def test_drafting_for_an_unknown_organisation_is_not_found(login, owner):
    assert login(owner).get("/manage/projects/new/999999").status_code == 404
