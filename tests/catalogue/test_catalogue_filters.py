"""The catalogue lists public projects only, and narrows them by each filter."""

from datetime import timedelta

import pytest

from crowdfund.projects.models import PUBLIC_STATES, FundingModel, ProjectState
from crowdfund.timeutil import today
from tests.catalogue.listing import listed_slugs
from tests.factories import ProjectFactory, any_commune


def test_catalogue_shows_live_projects_by_default(client):
    live = ProjectFactory(state=ProjectState.LIVE)
    ProjectFactory(state=ProjectState.APPROVED, published_at=None)
    ProjectFactory(state=ProjectState.FUNDED)

    assert listed_slugs(client.get("/")) == [live.slug]


def test_catalogue_never_lists_projects_that_are_not_public(client):
    public = {ProjectFactory(state=state).slug for state in PUBLIC_STATES}
    for state in set(ProjectState) - PUBLIC_STATES:
        ProjectFactory(state=state, published_at=None)

    assert set(listed_slugs(client.get("/?status=all"))) == public


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("live", ProjectState.LIVE),
        ("approved", ProjectState.APPROVED),
        ("funded", ProjectState.FUNDED),
        ("completed", ProjectState.COMPLETED),
        ("failed", ProjectState.FAILED),
    ],
)
def test_status_filter_shows_only_projects_in_that_state(client, status, state):
    wanted = ProjectFactory(state=state)
    for other in PUBLIC_STATES - {state}:
        ProjectFactory(state=other)

    assert listed_slugs(client.get(f"/?status={status}")) == [wanted.slug]


def test_region_filter_keeps_projects_of_that_region(client):
    in_marrakech_safi = ProjectFactory(commune=any_commune("C0001"))  # P019, R08
    ProjectFactory(commune=any_commune("C0121"))  # P005, R01

    assert listed_slugs(client.get("/?region=R08")) == [in_marrakech_safi.slug]


def test_province_filter_keeps_projects_of_that_province(client):
    in_p019 = ProjectFactory(commune=any_commune("C0001"))
    ProjectFactory(commune=any_commune("C0241"))  # P017, same region

    assert listed_slugs(client.get("/?region=R08&province=P019")) == [in_p019.slug]
    assert listed_slugs(client.get("/?province=P019")) == [in_p019.slug]


def test_province_outside_the_chosen_region_is_explained_and_ignored(client):
    in_r08 = ProjectFactory(commune=any_commune("C0001"))

    response = client.get("/?region=R08&province=P005")

    assert listed_slugs(response) == [in_r08.slug]
    assert "This province is not in the chosen region." in response.get_data(as_text=True)


def test_province_choices_are_limited_to_the_chosen_region(client):
    page = client.get("/?region=R08").get_data(as_text=True)

    assert 'value="P019"' in page
    assert 'value="P005"' not in page


def test_sector_filter_keeps_projects_of_that_sector(client):
    school = ProjectFactory(sector_code="11220")
    ProjectFactory(sector_code="14030")

    assert listed_slugs(client.get("/?sector=11220")) == [school.slug]


def test_sdg_filter_keeps_projects_that_serve_that_goal(client):
    education = ProjectFactory(sdgs=[4, 5])
    ProjectFactory(sdgs=[6])

    assert listed_slugs(client.get("/?sdg=4")) == [education.slug]


def test_funding_model_filter_keeps_projects_with_that_model(client):
    all_or_nothing = ProjectFactory(funding_model=FundingModel.ALL_OR_NOTHING)
    ProjectFactory(funding_model=FundingModel.FLEXIBLE)

    assert listed_slugs(client.get("/?funding_model=all_or_nothing")) == [all_or_nothing.slug]


def test_filters_combine(client):
    match = ProjectFactory(commune=any_commune("C0001"), sector_code="11220", sdgs=[4])
    ProjectFactory(commune=any_commune("C0001"), sector_code="11220", sdgs=[6])
    ProjectFactory(commune=any_commune("C0121"), sector_code="11220", sdgs=[4])

    assert listed_slugs(client.get("/?region=R08&sector=11220&sdg=4")) == [match.slug]


def test_search_matches_words_in_the_title_or_the_summary(client):
    by_title = ProjectFactory(title="Solar pump for the Tafraout well")
    by_summary = ProjectFactory(summary="Rebuilding the road to Tafraout before winter.")
    ProjectFactory(title="School canteen", summary="Meals for 120 pupils.")

    assert set(listed_slugs(client.get("/?q=tafraout"))) == {by_title.slug, by_summary.slug}


def test_search_requires_every_word(client):
    both = ProjectFactory(title="Well and pump", summary="A solar well.")
    ProjectFactory(title="Well only", summary="Nothing else.")

    assert listed_slugs(client.get("/?q=solar+well")) == [both.slug]


def test_search_treats_like_wildcards_as_plain_characters(client):
    ProjectFactory(title="Drinking water", summary="Clean water for the douar.")

    assert listed_slugs(client.get("/?q=%25")) == []
    assert listed_slugs(client.get("/?q=_")) == []


def _funded(raised, goal=10_000_000, **kwargs):
    return ProjectFactory(raised_amount=raised, goal_amount=goal, **kwargs)


def test_newest_first_is_the_default_order(client):
    now = today()
    older = ProjectFactory(published_at=now - timedelta(days=10))
    newer = ProjectFactory(published_at=now - timedelta(days=1))

    assert listed_slugs(client.get("/")) == [newer.slug, older.slug]
    assert listed_slugs(client.get("/?sort=newest")) == [newer.slug, older.slug]


def test_ending_soon_orders_by_the_nearest_deadline(client):
    later = ProjectFactory(end_date=today() + timedelta(days=40))
    sooner = ProjectFactory(end_date=today() + timedelta(days=5))

    assert listed_slugs(client.get("/?sort=ending_soon")) == [sooner.slug, later.slug]


def test_most_funded_orders_by_the_amount_raised(client):
    small = _funded(1_000_000, goal=2_000_000)
    large = _funded(5_000_000, goal=40_000_000)

    assert listed_slugs(client.get("/?sort=most_funded")) == [large.slug, small.slug]


def test_closest_to_goal_orders_by_the_share_of_the_goal_raised(client):
    small_but_close = _funded(1_800_000, goal=2_000_000)
    large_but_far = _funded(5_000_000, goal=40_000_000)
    halfway = _funded(5_000_000, goal=10_000_000)

    assert listed_slugs(client.get("/?sort=closest_to_goal")) == [
        small_but_close.slug,
        halfway.slug,
        large_but_far.slug,
    ]


@pytest.mark.parametrize(
    "query",
    [
        "region=R99",
        "province=P999",
        "sector=00000",
        "sdg=18",
        "sdg=abc",
        "status=draft",
        "funding_model=whatever",
        "sort=cheapest",
        "q=" + "x" * 300,
    ],
)
def test_an_invalid_filter_is_explained_and_ignored(client, query):
    live = ProjectFactory()

    response = client.get(f"/?{query}")

    assert listed_slugs(response) == [live.slug]
    assert "Some filters could not be understood" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["abc", "0", "-3", "99999"])
def test_an_odd_page_number_never_breaks_the_catalogue(client, page):
    ProjectFactory()

    assert client.get(f"/?page={page}").status_code == 200


def test_valid_filters_raise_no_complaint(client):
    ProjectFactory()

    for query in ("", "region=R08&province=P019&sector=14030&sdg=6&funding_model=flexible&q=well"):
        page = client.get(f"/?{query}").get_data(as_text=True)
        assert "Some filters could not be understood" not in page
        assert 'aria-invalid="true"' not in page
