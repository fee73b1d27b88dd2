"""The public JSON API: public projects only, the catalogue's filters, stable shapes."""

from datetime import timedelta

import pytest

from crowdfund.projects.models import PUBLIC_STATES, FundingModel, ProjectState
from crowdfund.projects.reference import CHECKLIST
from crowdfund.timeutil import today
from tests.catalogue.query_counter import counting_queries
from tests.factories import OrganisationFactory, ProjectFactory, ReviewerFactory, any_commune
from tests.factories.catalogue import ProjectReviewFactory, StoredFileFactory


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    return response.get_json()


def _slugs(body):
    return [project["slug"] for project in body["data"]]


def test_list_describes_each_project(client):
    project = ProjectFactory(
        slug="tizi-well",
        title="Solar well for Tizi",
        summary="Water for 60 families.",
        commune=any_commune("C0001"),
        organisation=OrganisationFactory(name="Association Tizi"),
        sector_code="14030",
        sdgs=[6, 5],
        latitude=31.5,
        longitude=-9.25,
        goal_amount=12_000_000,
        raised_amount=3_000_000,
        funding_model=FundingModel.ALL_OR_NOTHING,
    )

    body = _get(client, "/api/v1/projects")

    assert body["meta"] == {"page": 1, "per_page": 20, "total": 1, "pages": 1}
    [item] = body["data"]
    assert item["slug"] == "tizi-well"
    assert item["url"] == "http://localhost/projects/tizi-well"
    assert item["title"] == "Solar well for Tizi"
    assert item["summary"] == "Water for 60 families."
    assert item["state"] == "live"
    assert item["funding_model"] == "all_or_nothing"
    assert item["sector"] == {
        "code": "14030",
        "name": "Basic drinking water supply and basic sanitation",
    }
    assert item["sdgs"] == [5, 6]
    location = item["location"]
    assert location["commune"] == {
        "code": "C0001",
        "names": {"ar": "أغليف", "fr": "Aglif", "en": "Aglif", "es": "Aglif"},
    }
    assert location["province"]["code"] == "P019"
    assert location["province"]["names"]["fr"] == "Essaouira"
    assert location["region"]["code"] == "R08"
    assert set(location["region"]["names"]) == {"ar", "fr", "en", "es"}
    assert (location["latitude"], location["longitude"]) == (31.5, -9.25)
    assert item["organisation"] == {"name": "Association Tizi", "kind": "association"}
    assert item["goal"] == {"amount": 12_000_000, "currency": "MAD"}
    assert item["raised"] == {"amount": 3_000_000, "currency": "MAD"}
    assert item["start_date"] == project.start_date.isoformat()
    assert item["end_date"] == project.end_date.isoformat()
    assert item["published_at"].startswith(project.published_at.isoformat()[:19])
    assert item["published_at"].endswith("+00:00")
    assert "description" not in item


def test_list_never_includes_projects_that_are_not_public(client):
    public = {ProjectFactory(state=state).slug for state in PUBLIC_STATES}
    for state in set(ProjectState) - PUBLIC_STATES:
        ProjectFactory(state=state, published_at=None)

    assert set(_slugs(_get(client, "/api/v1/projects?status=all&per_page=100"))) == public


def test_list_shows_live_projects_unless_asked_otherwise(client):
    live = ProjectFactory()
    funded = ProjectFactory(state=ProjectState.FUNDED)

    assert _slugs(_get(client, "/api/v1/projects")) == [live.slug]
    assert _slugs(_get(client, "/api/v1/projects?status=funded")) == [funded.slug]


def test_list_applies_the_catalogue_filters_and_sorts(client):
    far = ProjectFactory(commune=any_commune("C0001"), sector_code="11220", sdgs=[4])
    soon = ProjectFactory(
        commune=any_commune("C0001"),
        sector_code="11220",
        sdgs=[4],
        end_date=today() + timedelta(days=3),
    )
    ProjectFactory(commune=any_commune("C0121"), sector_code="11220", sdgs=[4])
    ProjectFactory(commune=any_commune("C0001"), sector_code="14030", sdgs=[4])

    body = _get(
        client,
        "/api/v1/projects?region=R08&province=P019&sector=11220&sdg=4"
        "&funding_model=flexible&sort=ending_soon&q=douar",
    )

    assert _slugs(body) == [soon.slug, far.slug]


def test_list_pages_and_links_keep_the_filters(client):
    projects = [ProjectFactory(raised_amount=n * 1_000, sector_code="11220") for n in range(5)]

    body = _get(client, "/api/v1/projects?sector=11220&sort=most_funded&per_page=2&page=2")

    assert _slugs(body) == [projects[2].slug, projects[1].slug]
    assert body["meta"] == {"page": 2, "per_page": 2, "total": 5, "pages": 3}
    links = body["links"]
    for name, page in (("self", 2), ("next", 3), ("prev", 1)):
        assert links[name].startswith("http://localhost/api/v1/projects?")
        assert f"page={page}" in links[name]
        assert "per_page=2" in links[name]
        assert "sector=11220" in links[name]
        assert "sort=most_funded" in links[name]


def test_first_and_last_pages_have_no_link_beyond_them(client):
    ProjectFactory()

    links = _get(client, "/api/v1/projects")["links"]

    assert links["next"] is None
    assert links["prev"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=two", "page"),
        ("region=R99", "region"),
        ("region=R08&province=P005", "province"),
        ("sector=99999", "sector"),
        ("sdg=0", "sdg"),
        ("status=draft", "status"),
        ("funding_model=loan", "funding_model"),
        ("sort=random", "sort"),
    ],
)
def test_invalid_query_parameters_are_a_bad_request_that_says_why(client, query, field):
    body = _get(client, f"/api/v1/projects?{query}", status=400)

    assert body["status"] == 400
    assert body["message"]
    assert list(body["fields"]) == [field]
    assert all(isinstance(message, str) and message for message in body["fields"][field])


def test_detail_adds_the_story_the_plan_and_the_vetting_record(client):
    project = ProjectFactory(description="## Need\n\nWater.", goal_amount=10_000_000)
    reviewer = ReviewerFactory(name="Samira Bennani", affiliation="Ministry of Finance")
    review = ProjectReviewFactory(project=project, reviewer=reviewer)

    body = _get(client, f"/api/v1/projects/{project.slug}")["data"]

    assert body["slug"] == project.slug
    assert body["title"] == project.title
    assert body["location"]["commune"]["code"] == project.commune.code
    assert body["description"] == "## Need\n\nWater."
    assert body["budget_lines"] == [
        {"label": "Drilling", "amount": 5_000_000, "currency": "MAD"},
        {"label": "Pump and solar panels", "amount": 5_000_000, "currency": "MAD"},
    ]
    assert [m["title"] for m in body["milestones"]] == ["Borehole drilled", "Water flowing"]
    assert body["milestones"][0]["amount"] == 5_000_000
    assert body["milestones"][0]["target_date"] == project.milestones[0].target_date.isoformat()
    vetting = body["vetting"]
    assert vetting["reviewer"] == "Samira Bennani"
    assert vetting["affiliation"] == "Ministry of Finance"
    assert vetting["checklist_version"] == review.checklist_version
    assert vetting["date"].startswith(review.created_at.date().isoformat())
    assert [item["key"] for item in vetting["items"]] == list(CHECKLIST)
    assert all(item["passed"] for item in vetting["items"])
    assert vetting["items"][0]["label"] == str(CHECKLIST["eligibility"])
    assert vetting["items"][0]["note"] == "Checked: eligibility"


def test_detail_of_a_project_nobody_approved_has_no_vetting_record(client):
    project = ProjectFactory()

    assert _get(client, f"/api/v1/projects/{project.slug}")["data"]["vetting"] is None


def test_detail_of_an_unknown_project_is_a_json_not_found(client):
    body = _get(client, "/api/v1/projects/no-such-project", status=404)

    assert body["status"] == 404


@pytest.mark.parametrize("state", sorted(set(ProjectState) - PUBLIC_STATES))
def test_detail_of_a_project_not_public_is_not_found_even_for_its_owner(login, state):
    project = ProjectFactory(state=state, published_at=None)
    owner = login(project.organisation.created_by)

    assert _get(owner, f"/api/v1/projects/{project.slug}", status=404)["status"] == 404


def test_list_runs_as_many_queries_for_fifty_projects_as_for_five(client):
    communes = ["C0001", "C0121", "C0241", "C0321", "C0361"]

    def statements(count):
        for n in range(count):
            ProjectFactory(
                commune=any_commune(communes[n % len(communes)]),
                cover_image=StoredFileFactory() if n % 2 else None,
                sdgs=[4, 6],
            )
        with counting_queries() as executed:
            _get(client, "/api/v1/projects?per_page=100&status=all")
        return len(executed)

    assert 0 < statements(5) == statements(45)


def test_detail_runs_a_fixed_number_of_queries(client):
    small = ProjectFactory(plan=False, goal_amount=1_000_000)
    large = ProjectFactory(goal_amount=1_000_000)

    def statements(project):
        with counting_queries() as executed:
            _get(client, f"/api/v1/projects/{project.slug}")
        return len(executed)

    assert statements(small) == statements(large)
