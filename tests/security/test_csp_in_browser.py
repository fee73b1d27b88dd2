"""The Content-Security-Policy as Chromium enforces it: our pages run, injected code does not.

Chromium asks the application itself (its test client, inside the test's
transaction) for every request to http://twiza.test, so the pages and their
headers are the real ones, without a server. Without Chromium these tests are
skipped, unless the CI environment variable is set: then they fail.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.support import CHROMIUM_ARGS
from tests.factories import ProjectFactory

CHROMIUM = Path("/usr/bin/chromium")
SITE = "http://twiza.test"
PROBE = "/csp-probe"


def _probe_page(nonce):
    """What an attacker's injected markup would look like, and one script the site itself wrote."""
    return f"""<!doctype html><html><head><title>probe</title></head><body>
      <p id="styled" style="color: rgb(255, 0, 0)">styled</p>
      <script>document.title = "injected script ran";</script>
      <img src="x" onerror="document.title = 'injected handler ran'">
      <script nonce="{nonce}">document.body.dataset.own = "ran";</script>
    </body></html>"""


@pytest.fixture
def browser_page(app, client):
    """A Chromium page served by the application; `refusals` collects what the policy refused."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not installed at {CHROMIUM}.", pytrace=False)
        pytest.skip(f"Chromium is not installed at {CHROMIUM}.")
    refusals = []

    def serve(route, request):
        path = request.url.removeprefix(SITE)
        with client.open(path, method=request.method, data=request.post_data_buffer) as response:
            if path == PROBE:
                nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
                body = _probe_page(nonce.group(1)).encode()
                headers = {**response.headers, "Content-Type": "text/html; charset=utf-8"}
                route.fulfill(status=200, headers=headers, body=body)
                return
            route.fulfill(
                status=response.status_code, headers=dict(response.headers), body=response.data
            )

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on(
                "console",
                lambda message: (
                    refusals.append(message.text)
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
            page.route(f"{SITE}/**", serve)
            page.refusals = refusals
            yield page
        finally:
            browser.close()


def test_injected_script_style_and_handlers_are_refused_but_the_nonced_script_runs(
    browser_page,
):
    browser_page.goto(f"{SITE}{PROBE}")
    browser_page.wait_for_function("document.body.dataset.own === 'ran'")

    assert browser_page.title() == "probe"
    colour = browser_page.eval_on_selector("#styled", "e => getComputedStyle(e).color")
    assert colour != "rgb(255, 0, 0)"
    refused = " ".join(browser_page.refusals)
    assert "script-src" in refused
    assert "style-src" in refused


def test_catalogue_and_project_page_run_under_the_policy(browser_page):
    project = ProjectFactory(goal_amount=10_000_000, raised_amount=2_500_000)

    for path in ("/", f"/projects/{project.slug}"):
        browser_page.goto(f"{SITE}{path}")
        browser_page.wait_for_selector(".progress > span", state="attached")
        width = browser_page.eval_on_selector(".progress > span", "e => e.style.inlineSize")
        assert width == "25%", path

    assert browser_page.refusals == []
