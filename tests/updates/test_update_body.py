"""An update's Markdown is shown sanitised: no script, no raw HTML, links marked as user content."""

from html.parser import HTMLParser

import pytest

from crowdfund.updates.display import render_update_body
from tests.factories.updates import ProjectUpdateFactory


class _Elements(HTMLParser):
    """Every element of an HTML fragment: (tag, {attribute: value})."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html):
    return _Elements(str(html)).found


def _unsafe(html):
    """What in `html` a browser would run: scripts, event handlers, javascript: links."""
    problems = []
    for tag, attributes in elements(html):
        if tag in {"script", "iframe", "img", "style", "object", "embed"}:
            problems.append(tag)
        problems += [name for name in attributes if name.startswith("on") or name == "style"]
        problems += [
            f"{name}={value}"
            for name, value in attributes.items()
            if value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
        ]
    return problems


@pytest.mark.parametrize(
    "markdown",
    [
        "Water! <script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        '![photo](x "t")<img src=x onerror=alert(1)>',
        "[our accounts](javascript:alert(1))",
        "[our accounts](JaVaScRiPt:alert(1))",
        "<javascript:alert(1)>",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="https://example.org" onclick="steal()">site</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<p style="position:fixed">overlay</p>',
    ],
)
def test_nothing_a_browser_would_run_survives(markdown):
    html = render_update_body(markdown)

    assert _unsafe(html) == []


def test_markdown_is_rendered_and_links_are_marked_nofollow_ugc():
    html = render_update_body("The **pump** works: [photos](https://example.org/pump)")

    assert "<strong>pump</strong>" in html
    assert 'href="https://example.org/pump"' in html
    assert 'rel="nofollow ugc noopener noreferrer"' in html


def test_raw_html_is_shown_as_text_not_as_markup():
    html = render_update_body("<b>bold?</b>")

    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_the_update_page_shows_the_body_sanitised(client):
    update = ProjectUpdateFactory(
        body="Done <script>alert('x')</script> [see](javascript:alert(1)) [map](https://osm.org)"
    )

    page = client.get(f"/projects/{update.project.slug}/updates/{update.id}").get_data(True)

    body = page[page.index('<div class="story"') :]
    body = body[: body.index("</div>")]
    assert _unsafe(body) == []
    assert "<script" not in body
    assert ("a", {"href": "https://osm.org", "rel": "nofollow ugc noopener noreferrer"}) in (
        elements(body)
    )
