"""In Chromium, a page in Tamazight is drawn with the Tifinagh font Twiza serves.

Chromium runs in a thread of its own: the browser tests of tests/e2e keep their
Playwright session open on the main thread for the whole run, and Playwright's
synchronous API allows one per thread.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.support import CHROMIUM_ARGS, Screenshots, switch_language

pytestmark = pytest.mark.e2e

FONT_FILE = "NotoSansTifinagh-Regular-tifinagh.woff2"
TAMAZIGHT_PROJECTS = "ⵉⵙⵏⴼⴰⵔⵏ"


def fonts_drawing(page, selector):
    """The fonts Chromium really drew the text of `selector` with: [(family, custom?, glyphs)]."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    session.detach()
    return [(font["familyName"], font["isCustomFont"], font["glyphCount"]) for font in fonts]


def visit_in_tamazight(chromium, url, shot):
    """What Chromium fetched and drew on an English page, then the same page in Tamazight."""
    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(base_url=url, locale="en-GB").new_page()
            fetched = []
            page.on("requestfinished", lambda request: fetched.append(request.url))
            page.goto("/")
            seen["fetched_in_english"] = list(fetched)
            switch_language(page, "zgh")
            page.evaluate("() => document.fonts.ready")
            seen["lang"] = page.locator("html").get_attribute("lang")
            seen["fetched_in_tamazight"] = list(fetched)
            seen["projects_links"] = page.locator(
                ".main-nav a", has_text=TAMAZIGHT_PROJECTS
            ).count()
            seen["faces"] = page.evaluate(
                """() => [...document.fonts]
                    .filter((face) => face.family.replace(/"/g, "") === "Noto Sans Tifinagh")
                    .map((face) => face.status)"""
            )
            seen["check"] = page.evaluate(
                "(text) => document.fonts.check('16px \"Noto Sans Tifinagh\"', text)",
                TAMAZIGHT_PROJECTS,
            )
            seen["nav"] = fonts_drawing(page, ".main-nav li:first-child a")
            seen["footer"] = fonts_drawing(page, ".site-footer p")
            shot(page, "catalogue-in-tamazight")
        finally:
            browser.close()
    return seen


@pytest.fixture(scope="module")
def seen(chromium, tamazight_server):
    shot = Screenshots("test_tifinagh_in_chromium")
    with ThreadPoolExecutor(max_workers=1) as chromium_thread:
        return chromium_thread.submit(
            visit_in_tamazight, chromium, tamazight_server.url, shot
        ).result()


def test_pages_in_other_languages_do_not_fetch_the_font(seen):
    assert not any(FONT_FILE in url for url in seen["fetched_in_english"])


def test_a_tamazight_page_fetches_the_font_from_twiza(seen):
    assert seen["lang"] == "zgh"
    assert seen["projects_links"] == 1
    assert any(FONT_FILE in url for url in seen["fetched_in_tamazight"])
    assert seen["faces"] == ["loaded"]
    assert seen["check"] is True


def test_tifinagh_letters_are_drawn_with_the_served_font(seen):
    assert ("Noto Sans Tifinagh", True, len(TAMAZIGHT_PROJECTS)) in seen["nav"]


def test_latin_text_of_a_tamazight_page_keeps_the_sites_font(seen):
    assert seen["footer"]
    assert all(family != "Noto Sans Tifinagh" for family, _custom, _glyphs in seen["footer"])
