"""The open data page explains the API and the IATI files, and every page links to it."""

from lxml import html


def _page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200
    return html.fromstring(response.get_data(as_text=True))


def test_the_page_links_to_the_api_its_description_and_the_iati_files(client):
    page = _page(client, "/open-data")

    links = set(page.xpath("//main//a/@href"))
    assert {
        "/api/v1/projects",
        "/api/v1/stats",
        "/api/v1/openapi.json",
        "/open-data/iati.xml",
    } <= links
    text = page.text_content()
    assert "/api/v1/projects/<slug>/transactions" in text
    assert "/projects/<slug>/iati.xml" in text
    assert "XI-IATI-TWIZA" in text


def test_every_link_on_the_page_answers(client):
    page = _page(client, "/open-data")

    for href in page.xpath("//main//a/@href"):
        assert client.get(href).status_code == 200, href


def test_the_page_shows_how_project_states_become_iati_activity_statuses(client):
    page = _page(client, "/open-data")

    rows = [
        [cell.text_content().strip() for cell in row.xpath("td")]
        for row in page.xpath("//table[caption]//tbody/tr")
    ]
    assert rows == [
        ["Opening soon", "1 – Pipeline/identification"],
        ["Raising funds", "1 – Pipeline/identification"],
        ["Goal not reached", "5 – Cancelled"],
        ["Funded", "2 – Implementation"],
        ["Completed", "4 – Closed"],
    ]


def test_the_footer_of_every_page_links_to_the_open_data(client):
    page = _page(client, "/")

    assert "/open-data" in page.xpath("//footer//a/@href")


def test_the_page_speaks_the_visitor_s_language(client):
    page = _page(client, "/open-data", headers={"Accept-Language": "ar"})

    assert page.xpath("//html/@dir") == ["rtl"]
