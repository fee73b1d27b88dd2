"""The Content-Security-Policy as Chromium enforces it: our pages run, injected code does not."""

import re

import pytest

from crowdfund.extensions import db
from tests.factories import ProjectFactory

pytestmark = pytest.mark.e2e

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
def probe_page(browser, live_server):
    """A page of its own (its refusals are expected, unlike those of `new_context`'s pages)
    that collects what the policy refused."""
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.refusals = []
    page.on(
        "console",
        lambda message: (
            page.refusals.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def test_injected_script_style_and_handlers_are_refused_but_the_nonced_script_runs(probe_page):
    # The application's own policy, with the nonce it gave this response, over injected markup.
    policy = probe_page.request.get("/").headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    probe_page.route(
        f"**{PROBE}",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": policy},
            body=_probe_page(nonce),
        ),
    )
    probe_page.goto(PROBE)
    probe_page.wait_for_function("document.body.dataset.own === 'ran'")

    assert probe_page.title() == "probe"
    colour = probe_page.eval_on_selector("#styled", "e => getComputedStyle(e).color")
    assert colour != "rgb(255, 0, 0)"
    refused = " ".join(probe_page.refusals)
    assert "script-src" in refused
    assert "style-src" in refused


def test_catalogue_and_project_page_run_under_the_policy(new_context, live_server):
    """Their progress bars are drawn by a script the policy lets run; `new_context` fails the
    test on anything the policy refuses."""
    with live_server.app.app_context():
        project = ProjectFactory(
            goal_amount=10_000_000, raised_amount=2_500_000, title="Piste de Tafraout (CSP)"
        )
        slug, title = project.slug, project.title
        db.session.commit()
        db.session.remove()
    page = new_context().new_page()

    for path in ("/", f"/projects/{slug}"):
        page.goto(path)
        bars = page.locator(".progress > span")
        if path == "/":
            bars = page.get_by_role("article").filter(has_text=title).locator(".progress > span")
        bars.first.wait_for(state="attached")
        assert bars.first.evaluate("e => e.style.inlineSize") == "25%", path
