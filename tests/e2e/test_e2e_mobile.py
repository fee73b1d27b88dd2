"""Phones in Chromium: every page at 360 pixels wide, touch targets, one thumb, page weight.

Every page each kind of visitor can open (tests/e2e/main_pages.py) is walked on a 360-pixel
phone in English, French and Arabic: it never scrolls sideways and every control a finger
must hit is at least 44 by 44 CSS pixels (links inside a sentence aside, as WCAG allows).
The pledge form is filled by taps alone; the project page weighs under 200 KB
transferred, images aside. Screenshots of the main pages at 360 and 1280 pixels, in French
and Arabic, go to test-artifacts/screens/ for people to look at.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.main_pages import LANGUAGES, TREASURER, VISITORS, serving_every_page
from tests.e2e.support import scroll_width
from tests.permission_matrix.personas import ADMIN, ANONYMOUS, DONOR, OWNER_OWN, REVIEWER

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
#: WCAG 2.5.5's size for a target a finger hits, in CSS pixels.
TOUCH_TARGET_PX = 44
#: The project page's budget, images aside: a phone on a slow network still opens it.
PROJECT_PAGE_BUDGET_BYTES = 200_000

SCREENS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screens"
#: The pages people look at in the screenshots: (visitor, endpoint).
SCREENSHOT_PAGES = (
    (ANONYMOUS, "catalogue.index"),
    (ANONYMOUS, "catalogue.project"),
    (ANONYMOUS, "accounts.login"),
    (ANONYMOUS, "accounts.register"),
    (DONOR, "pledges.new"),
    (DONOR, "pledges.show"),
    (DONOR, "dashboard.index"),
    (DONOR, "receipts.statements"),
    (OWNER_OWN, "organisations.new"),
    (OWNER_OWN, "projects.edit"),
    (OWNER_OWN, "milestones.manage"),
    (OWNER_OWN, "updates.new"),
    (REVIEWER, "review.queue"),
    (REVIEWER, "review.project"),
    (REVIEWER, "milestones.review_evidence"),
    (REVIEWER, "reporting.dashboard"),
    (TREASURER, "milestones.treasury"),
    (TREASURER, "milestones.release_page"),
    (ADMIN, "admin.users"),
    (ADMIN, "fx.rates"),
    (ADMIN, "matching.new_fund"),
    (ADMIN, "audit.entries"),
)

#: Controls a finger hits that are smaller than TOUCH_TARGET_PX either way. A checkbox or a
#: radio button is hit through its label, a link stretched over its card through the card;
#: a link inside a sentence is exempt (WCAG 2.5.5).
SMALL_TARGETS = """
(minimum) => {
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"
  );
  const small = [];
  for (const control of controls) {
    let target = control;
    const after = getComputedStyle(control, "::after");
    if (after.content !== "none" && after.position === "absolute" && control.offsetParent) {
      target = control.offsetParent;  // a link stretched over its card: the card is the target
    } else if (control.matches("input[type=checkbox], input[type=radio]")) {
      target = control.closest("label")
        || (control.id && document.querySelector(`label[for="${control.id}"]`))
        || control;
    }
    const box = target.getBoundingClientRect();
    const hidden = box.width <= 1 || box.height <= 1 || box.right <= 0
      || box.left >= document.documentElement.clientWidth
      || getComputedStyle(target).visibility === "hidden";
    if (hidden) continue;
    const inSentence = control.matches("a")
      && getComputedStyle(control).display === "inline"
      && control.parentElement.textContent.trim().length > control.textContent.trim().length;
    if (inSentence) continue;
    if (box.width < minimum || box.height < minimum) {
      const name = (target.innerText || target.value || target.name || "").trim().slice(0, 40);
      small.push(`${target.tagName.toLowerCase()}.${target.className} "${name}" `
        + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}
"""


@pytest.fixture(scope="module")
def every_page(chromium, tmp_path_factory):
    with serving_every_page(tmp_path_factory.mktemp("twiza-e2e-mobile")) as server:
        yield server


def page_of(every_page, visitor, endpoint):
    return next(page for page in every_page.pages[visitor] if page.endpoint == endpoint)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("visitor", VISITORS)
def test_every_page_fits_a_phone_and_its_targets_a_finger(
    every_page, new_context, visitor, language
):
    context = every_page.open_as(new_context, visitor, language, viewport=PHONE)
    page = context.new_page()
    problems = []
    for main_page in every_page.pages_to_walk(visitor):
        page.goto(main_page.url)
        width = scroll_width(page)
        if width > PHONE["width"]:
            problems.append(f"{main_page.url}: {width} px wide, scrolls sideways")
        small = page.evaluate(SMALL_TARGETS, TOUCH_TARGET_PX)
        if small:
            problems.append(f"{main_page.url}: targets under {TOUCH_TARGET_PX} px: {small}")
    assert not problems, f"as {visitor} in {language}:\n" + "\n".join(problems)


def test_the_pledge_form_is_filled_with_one_thumb(every_page, new_context):
    """Large controls in one column, a number pad for the amount, the button across the column.

    The payment step itself is Stripe's (tests/e2e/test_e2e_pledges.py pays through localstripe).
    """
    context = every_page.open_as(
        new_context, DONOR, "fr", viewport=PHONE, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(every_page.pledge_url)
    form = page.locator("form.pledge-form")
    amount = form.locator("input[name='amount']")
    show_name = form.locator("label", has=page.locator("input[name='show_name']"))
    message = form.locator("textarea[name='message']")
    pay = form.locator("button[name='step'][value='pay']")
    expect(amount).to_have_attribute("inputmode", "decimal")

    amount.tap()
    page.keyboard.type("250")
    expect(page.locator("#quote")).to_contain_text("MAD")
    show_name.tap()
    expect(form.locator("input[name='show_name']")).to_be_checked()
    message.tap()
    page.keyboard.type("Pour le douar")
    expect(message).to_have_value("Pour le douar")

    column = form.bounding_box()["width"]
    for control in (amount, show_name, message, pay):
        control.scroll_into_view_if_needed()
        box = control.bounding_box()
        assert box["height"] >= TOUCH_TARGET_PX, f"{control}: {box['height']} px high"
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    assert pay.bounding_box()["width"] >= 0.9 * column, "the button spans the column"
    expect(pay).to_be_enabled()


def test_the_project_page_weighs_under_200_kb_images_aside(every_page, new_context):
    context = every_page.open_as(new_context, ANONYMOUS, "ar", viewport=PHONE)
    page = context.new_page()
    transferred = {}

    def count(request):
        if request.resource_type != "image":
            sizes = request.sizes()
            transferred[request.url] = sizes["responseBodySize"] + sizes["responseHeadersSize"]

    page.on("requestfinished", count)
    page.goto(every_page.project_url, wait_until="networkidle")
    assert any(url.endswith(every_page.project_url) for url in transferred), transferred
    total = sum(transferred.values())
    assert total < PROJECT_PAGE_BUDGET_BYTES, f"{total} bytes: {transferred}"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_screenshots_of_the_main_pages_on_a_phone_and_a_desktop(every_page, new_context, language):
    for viewport in (PHONE, DESKTOP):
        folder = SCREENS_DIR / f"{language}-{viewport['width']}"
        folder.mkdir(parents=True, exist_ok=True)
        for number, (visitor, endpoint) in enumerate(SCREENSHOT_PAGES, start=1):
            context = every_page.open_as(new_context, visitor, language, viewport=viewport)
            page = context.new_page()
            page.goto(page_of(every_page, visitor, endpoint).url)
            expect(page.locator("html")).to_have_attribute(
                "dir", "rtl" if language == "ar" else "ltr"
            )
            page.screenshot(path=str(folder / f"{number:02d}-{endpoint}.png"), full_page=True)
            context.close()
