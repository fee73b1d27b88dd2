"""What the catalogue page shows on each card, how it pages, and what it costs the database."""

import re
from datetime import timedelta

import pytest

from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import today
from tests.catalogue.listing import listed_slugs
from tests.catalogue.query_counter import counting_queries
from tests.factories import OrganisationFactory, ProjectFactory, any_commune
from tests.factories.catalogue import StoredFileFactory


@pytest.fixture
def page_size(app, monkeypatch):
    monkeypatch.setitem(app.config, "CATALOGUE_PAGE_SIZE", 2)
    return 2


def _page_links(html):
    return re.findall(r'<a href="([^"]*page=[^"]*)"', html.replace("&amp;", "&"))


def test_catalogue_is_split_into_pages(client, page_size):
    projects = [ProjectFactory(raised_amount=n * 100_000) for n in range(5)]
    by_most_funded = [p.slug for p in reversed(projects)]

    first = listed_slugs(client.get("/?sort=most_funded"))
    third = listed_slugs(client.get("/?sort=most_funded&page=3"))

    assert first == by_most_funded[:2]
    assert third == by_most_funded[4:]


def test_page_links_keep_the_filters(client, page_size):
    for _ in range(3):
        ProjectFactory(sector_code="11220")
    ProjectFactory(sector_code="14030")

    html = client.get("/?sector=11220&sort=ending_soon").get_data(as_text=True)

    links = _page_links(html)
    assert links
    assert all("sector=11220" in link and "sort=ending_soon" in link for link in links)
    assert 'aria-current="page"' in html
    assert 'rel="next"' in html


def test_the_last_page_has_no_next_link(client, page_size):
    for _ in range(3):
        ProjectFactory()

    html = client.get("/?page=2").get_data(as_text=True)

    assert 'rel="prev"' in html
    assert 'rel="next"' not in html


def test_no_pagination_when_everything_fits_on_one_page(client):
    ProjectFactory()

    assert "Pages of results" not in client.get("/").get_data(as_text=True)


def test_card_shows_what_a_donor_needs_to_choose(client):
    organisation = OrganisationFactory(name="Association Aït Bouguemez")
    cover = StoredFileFactory()
    project = ProjectFactory(
        organisation=organisation,
        commune=any_commune("C0001"),
        sector_code="11220",
        title="A classroom for Aglif",
        cover_image=cover,
        goal_amount=10_000_000,
        raised_amount=2_500_000,
        end_date=today() + timedelta(days=12),
    )

    html = client.get("/").get_data(as_text=True)

    assert f'href="/projects/{project.slug}">A classroom for Aglif</a>' in html
    assert f'src="/files/{cover.storage_key}"' in html
    assert "Association Aït Bouguemez" in html
    assert "Aglif, Essaouira" in html
    assert "Primary education" in html
    assert "MAD25,000 raised of MAD100,000" in html
    assert 'data-percent="25.0"' in html
    assert "25\u00a0%" in html
    assert "12 days left" in html
    assert "Raising funds" in html
    assert "Vetted" in html


def test_card_without_a_cover_shows_a_placeholder(client):
    ProjectFactory(cover_image=None)

    html = client.get("/").get_data(as_text=True)

    assert "cover-placeholder" in html
    assert "/files/" not in html


def test_card_of_a_project_opening_soon_gives_its_opening_date(client):
    ProjectFactory(state=ProjectState.APPROVED, start_date=today() + timedelta(days=3))

    assert "Opens on" in client.get("/?status=approved").get_data(as_text=True)


def test_empty_results_say_so(client):
    assert "No project matches these filters." in client.get("/?q=nothing").get_data(as_text=True)


def _projects_in_many_places(count):
    communes = ["C0001", "C0121", "C0241", "C0321", "C0361"]
    for n in range(count):
        ProjectFactory(
            commune=any_commune(communes[n % len(communes)]),
            cover_image=StoredFileFactory() if n % 2 else None,
            sdgs=[4, 6],
        )


def _statements_for(client, url, count):
    _projects_in_many_places(count)
    with counting_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/", "/?status=all&sort=closest_to_goal&q=well&sdg=6"])
def test_catalogue_runs_as_many_queries_for_fifty_projects_as_for_five(
    app, client, monkeypatch, url
):
    monkeypatch.setitem(app.config, "CATALOGUE_PAGE_SIZE", 50)

    few = _statements_for(client, url, 5)
    many = _statements_for(client, url, 45)

    assert 0 < few == many


def test_catalogue_speaks_the_visitor_language(client):
    ProjectFactory(commune=any_commune("C0001"))

    response = client.get("/", headers={"Accept-Language": "ar"})

    html = response.get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert "أغليف" in html
    assert "مراكش آسفي" in html
