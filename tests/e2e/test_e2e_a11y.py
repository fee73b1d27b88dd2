"""Accessibility in Chromium: axe-core on every page, the keyboard, focus and announced errors.

axe-core (npm, `make setup` installs it under node_modules/) is injected by Playwright into
every page that each kind of visitor can open (tests/e2e/main_pages.py), in English, French
and Arabic: no violation of serious or critical impact may remain. The keyboard alone
reaches every control of the login and of the pledge form, in the order they are read, and
each shows where the focus is; the errors of a form are tied to their field and announced.
"""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import add_axe, blocking_violations, describe
from tests.e2e.main_pages import LANGUAGES, VISITORS, serving_every_page
from tests.factories import DEFAULT_PASSWORD
from tests.permission_matrix.personas import ANONYMOUS, DONOR

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def every_page(chromium, tmp_path_factory):
    with serving_every_page(tmp_path_factory.mktemp("twiza-e2e-a11y")) as server:
        yield server


@pytest.fixture
def open_with_axe(every_page, new_context):
    """open_with_axe(visitor, language): a page of `visitor` with axe-core in it (axe.py)."""

    def open_page(visitor, language):
        context = every_page.open_as(new_context, visitor, language)
        add_axe(context)
        return context.new_page()

    return open_page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visitor", VISITORS)
def test_axe_finds_nothing_serious_on_any_page(every_page, open_with_axe, visitor, language):
    page = open_with_axe(visitor, language)
    pages = every_page.pages_to_walk(visitor)
    assert pages, f"no page to walk for {visitor}"
    problems = []
    for main_page in pages:
        response = page.goto(main_page.url)
        assert response.status == 200, f"{main_page.url} as {visitor}: {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", language)
        violations = blocking_violations(page)
        if violations:
            problems.append(describe(main_page.url, violations))
    assert not problems, f"axe, as {visitor} in {language}:\n" + "\n".join(problems)


#: What the Tab key can reach on a page, as the browser decides (visible, not disabled).
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])"
)

#: The focused element: a name for messages, its place among the focusable ones, and
#: whether a sighted keyboard user sees where the focus is (an outline or a ring).
FOCUSED = """
(selector) => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const ringed = style.boxShadow !== "none";
  const box = element.getBoundingClientRect();
  return {
    name: `${element.tagName.toLowerCase()}[name=${element.name || ""}] `
      + `"${(element.innerText || element.value || "").trim().slice(0, 30)}"`,
    field: element.name || "",
    index: Array.from(document.querySelectorAll(selector)).indexOf(element),
    visible: outlined || ringed,
    onScreen: box.width > 0 && box.height > 0,
  };
}
"""

REACHABLE = """
(selector) => Array.from(document.querySelectorAll(selector)).map((element, index) => {
  const box = element.getBoundingClientRect();
  const hidden = box.width === 0 && box.height === 0 && !element.matches(".skip-link");
  return hidden ? null : index;
}).filter((index) => index !== null)
"""


def tab_through(page, limit=80):
    """Press Tab from the top of a fresh page until the focus leaves it; what was focused."""
    focused = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = page.evaluate(FOCUSED, FOCUSABLE)
        if current["index"] < 0 or (focused and current["index"] == focused[0]["index"]):
            break
        focused.append(current)
    return focused


def assert_everything_reached_with_focus_shown(page):
    focused = tab_through(page)
    reached = {entry["index"] for entry in focused}
    missing = set(page.evaluate(REACHABLE, FOCUSABLE)) - reached
    assert not missing, f"never reached by Tab: {missing} of {[e['name'] for e in focused]}"
    unseen = [entry["name"] for entry in focused if not entry["visible"]]
    assert not unseen, f"focus not shown on {unseen}"
    return [entry["field"] for entry in focused if entry["field"]]


def test_the_login_is_reached_and_sent_with_the_keyboard_alone(every_page, new_context):
    page = every_page.open_as(new_context, ANONYMOUS, "en").new_page()
    page.goto("/account/login")
    fields = assert_everything_reached_with_focus_shown(page)
    assert fields.index("email") < fields.index("password")
    page.reload()

    # The skip link is the first stop, shown when focused, and leads past the header.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type("donor@example.org")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Log in")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_the_pledge_form_is_reached_and_filled_with_the_keyboard_alone(every_page, new_context):
    page = every_page.open_as(new_context, DONOR, "ar").new_page()
    page.goto(every_page.pledge_url)
    fields = assert_everything_reached_with_focus_shown(page)
    order = ["amount", "currency", "show_name", "message", "step"]
    assert [name for name in fields if name in order] == order

    amount = page.locator("input[name='amount']")
    amount.focus()
    page.keyboard.type("300")
    page.keyboard.press("Tab")
    expect(page.locator("select[name='currency']")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("input[name='show_name']")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.locator("input[name='show_name']")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("بالتوفيق")
    expect(page.locator("textarea[name='message']")).to_have_value("بالتوفيق")
    expect(page.locator("#quote")).to_contain_text("3,255.00")  # 300 EUR at 10.85 MAD
    page.keyboard.press("Tab")
    expect(page.locator("button[name='step'][value='pay']")).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_tied_to_their_field_and_announced(open_with_axe, language):
    page = open_with_axe(ANONYMOUS, language)
    page.goto("/account/register")
    # What the browser checks itself passes; the server finds the two passwords differ.
    page.locator("input[name=name]").fill("Youssef El Amrani")
    page.locator("input[name=email]").fill("youssef.elamrani@example.org")
    page.locator("input[name=password]").fill("olive harvest in november")
    page.locator("input[name=confirm]").fill("olive harvest in december")
    page.locator("select[name=country]").select_option("FR")
    with page.expect_navigation():
        page.locator("input[name=confirm]").press("Enter")

    invalid = page.locator("[aria-invalid=true]")
    expect(invalid.first).to_be_visible()
    for field in invalid.all():
        described_by = field.get_attribute("aria-describedby").split()
        errors = [page.locator(f"#{name}") for name in described_by if name.endswith("-error")]
        assert errors, f"{field.get_attribute('name')}: no error in aria-describedby"
        for error in errors:
            expect(error).to_have_attribute("role", "alert")
            expect(error).not_to_be_empty()
    assert not blocking_violations(page)
