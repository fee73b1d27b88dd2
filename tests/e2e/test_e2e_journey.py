"""From sign-up to the public catalogue, in a real browser.

An owner creates an account, confirms it from the mail, registers an association;
a ministry reviewer verifies it; the owner drafts a project (in a browser without
JavaScript) and submits it; the reviewer vets and approves it; an anonymous visitor
finds it in the catalogue, reads its vetting record, and reads it in Arabic and in
French, also on a 360-pixel phone screen.
"""

import re
from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from crowdfund.projects.reference import CHECKLIST
from crowdfund.timeutil import today
from tests.e2e.support import assert_fits_a_phone, link_in, switch_language, wait_for_mail

pytestmark = pytest.mark.e2e

OWNER = {
    "name": "Fatima Zahra Ait Lahcen",
    "email": "fatima.aitlahcen@example.org",
    "password": "three cedar trees by the river",
}
ORGANISATION = {
    "name": "Association Tighmert pour le développement",
    "registration_number": "AH-2019-0457",
    "description": "Villagers of douar Tighmert who maintain the spring and the school path.",
}
PLACE = {"region": "Marrakech-Safi", "province": "Al Haouz", "commune": "Amizmiz"}
OTHER_REGION = "Casablanca-Settat"
PROJECT_TITLE = "Drinking water well for douar Tighmert"


def translated(app, language, message):
    """`message` as the application's catalogs translate it into `language`."""
    with app.test_request_context(), force_locale(language):
        text = gettext(message)
    assert text != message, f"{message!r} has no {language} translation"
    return text


def test_owner_gets_a_project_vetted_and_the_public_finds_it(
    new_context, live_server, reviewer, upload_files, shot
):
    owner = new_context().new_page()
    owner_signs_up_and_confirms_the_address(owner, live_server, shot)
    owner_logs_in(owner, shot)
    owner_registers_the_organisation(owner, upload_files, shot)

    ministry = new_context().new_page()
    reviewer_logs_in_with_a_code(ministry, reviewer, shot)
    reviewer_verifies_the_organisation(ministry, shot)

    # The project form is filled in a browser without JavaScript, with the owner's session.
    owner.reload()
    expect(owner.get_by_text("Verified", exact=True)).to_be_visible()
    offline = new_context(java_script_enabled=False, storage_state=owner.context.storage_state())
    draft_form = offline.new_page()
    draft_form.goto(owner.get_by_role("link", name="Draft a new project").get_attribute("href"))
    slug = owner_drafts_the_project(draft_form, upload_files, shot)

    anonymous = new_context().new_page()
    assert_not_found_for_the_public(anonymous, slug)
    owner_submits_the_project(draft_form, shot)
    assert_not_found_for_the_public(anonymous, slug)

    reviewer_approves_the_project(ministry, reviewer, shot)

    visitor = new_context().new_page()
    visitor_finds_the_project_by_its_region(visitor, shot)
    visitor_reads_the_vetting_record(visitor, reviewer, shot)
    visitor_reads_the_page_in_arabic_then_french(visitor, live_server.app, shot)


def owner_signs_up_and_confirms_the_address(page, live_server, shot):
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", name="Create an account")).to_be_visible()
    page.get_by_label("Full name").fill(OWNER["name"])
    page.get_by_label("Email address").fill(OWNER["email"])
    page.get_by_label("Password", exact=True).fill(OWNER["password"])
    page.get_by_label("Repeat the password").fill(OWNER["password"])
    page.get_by_label("Country of residence").select_option(label="France")
    page.get_by_label("Preferred language").select_option("en")
    shot(page, "owner fills in the sign-up form")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    shot(page, "owner is asked to check the inbox")

    message = wait_for_mail(live_server.outbox, OWNER["email"], "Confirm your email address")
    page.goto(link_in(message, "/account/verify/"))
    confirm = page.get_by_text(f"Confirm that {OWNER['email']} is your email address.")
    expect(confirm).to_be_visible()
    shot(page, "owner opens the confirmation link")
    page.get_by_role("button", name="Confirm my address").click()
    expect(page.get_by_text("Thank you: your email address is confirmed.")).to_be_visible()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def owner_logs_in(page, shot):
    page.get_by_label("Email address").fill(OWNER["email"])
    page.get_by_label("Password").fill(OWNER["password"])
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name=OWNER["name"])).to_be_visible()
    shot(page, "owner is logged in")


def owner_registers_the_organisation(page, upload_files, shot):
    page.get_by_role("link", name="My organisations").click()
    page.get_by_role("link", name="Register an organisation").click()
    page.get_by_label("Name of the organisation").fill(ORGANISATION["name"])
    page.get_by_label("Kind of organisation").select_option(label="Association")
    page.get_by_label("Registration number").fill(ORGANISATION["registration_number"])

    # The chooser's script lists the region's provinces, then the province's communes.
    chooser = page.get_by_role("group", name="Where the organisation is based")
    province = chooser.get_by_label("Province or prefecture")
    commune = chooser.get_by_label("Commune", exact=True)
    chooser.get_by_label("Region").select_option(label=PLACE["region"])
    expect(province.locator("optgroup")).to_have_count(0)
    province.select_option(label=PLACE["province"])
    expect(commune.get_by_role("option", name=PLACE["commune"], exact=True)).to_have_count(1)
    expect(chooser.get_by_role("status")).to_have_text(re.compile(r"^\d+ communes listed\.$"))
    commune.select_option(label=PLACE["commune"])

    page.get_by_label("Short description").fill(ORGANISATION["description"])
    page.get_by_label("Statutes").set_input_files(upload_files.statutes)
    page.get_by_label("Registration certificate").set_input_files(
        upload_files.registration_certificate
    )
    page.get_by_label("Board decision").set_input_files(upload_files.board_decision)
    shot(page, "owner fills in the organisation")
    page.get_by_role("button", name="Register for verification").click()

    expect(page.get_by_role("heading", name=ORGANISATION["name"])).to_be_visible()
    expect(page.get_by_text("Your organisation is registered.")).to_be_visible()
    expect(page.get_by_text("Awaiting verification", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{PLACE['commune']}, {PLACE['province']}")).to_be_visible()
    documents = page.get_by_role("region", name="Documents").get_by_role("link")
    expect(documents).to_have_count(3)
    shot(page, "organisation awaits verification")


def reviewer_logs_in_with_a_code(page, reviewer, shot):
    page.goto("/account/login")
    page.get_by_label("Email address").fill(reviewer.email)
    page.get_by_label("Password").fill(reviewer.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Two-step login")).to_be_visible()
    page.get_by_label("6-digit code").fill(reviewer.authenticator.code())
    shot(page, "reviewer types the code")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("link", name="Review queue")).to_be_visible()


def reviewer_verifies_the_organisation(page, shot):
    page.get_by_role("link", name="Review queue").click()
    waiting = page.get_by_role("region", name=re.compile("^Organisations awaiting verification"))
    entry = waiting.get_by_role("listitem").filter(has_text=ORGANISATION["name"])
    expect(entry).to_contain_text("waiting since today")
    expect(entry).to_contain_text(f"Association · {PLACE['commune']}, {PLACE['province']}")
    shot(page, "reviewer sees the organisation in the queue")

    entry.get_by_role("link", name=ORGANISATION["name"]).click()
    expect(page.get_by_text(ORGANISATION["registration_number"])).to_be_visible()
    expect(page.get_by_role("region", name="Documents").get_by_role("link")).to_have_count(3)
    shot(page, "reviewer examines the organisation")
    page.get_by_role("button", name="Verify the organisation").click()

    expect(page.get_by_text(f"{ORGANISATION['name']} is verified.")).to_be_visible()
    expect(page.get_by_text("No organisation is waiting for verification.")).to_be_visible()


def owner_drafts_the_project(page, upload_files, shot):
    """Fill in and save the project form; returns the project's slug."""
    start = today()
    end = start + timedelta(days=60)

    # Without JavaScript, "Show communes" reloads the form with the next list.
    chooser = page.get_by_role("group", name="Where the project takes place")
    chooser.get_by_label("Region").select_option(label=PLACE["region"])
    chooser.get_by_role("button", name="Show communes").click()
    chooser.get_by_label("Province or prefecture").select_option(label=PLACE["province"])
    chooser.get_by_role("button", name="Show communes").click()
    chooser.get_by_label("Commune", exact=True).select_option(label=PLACE["commune"])

    page.get_by_label("Title").fill(PROJECT_TITLE)
    page.get_by_label("Summary").fill("A solar-pumped well bringing drinking water to 60 families.")
    page.get_by_label("Description").fill(
        "## The need\n\nWomen and girls walk **two hours** a day to fetch water.\n\n"
        "## The plan\n\n- drill an 80 m borehole\n- install a solar pump and a water tower"
    )
    page.get_by_label("Sector").select_option("14030")
    page.get_by_role("checkbox", name="Clean water and sanitation").check()
    page.get_by_role("checkbox", name="Gender equality").check()
    page.get_by_label("Latitude").fill("31.2")
    page.get_by_label("Longitude").fill("-7.9")
    page.get_by_label("Goal (MAD)").fill("120 000")
    page.get_by_role("radio", name="All or nothing").check()
    page.get_by_label("Campaign start").fill(start.isoformat())
    page.get_by_label("Campaign end").fill(end.isoformat())

    for number, (label, amount) in enumerate(
        [("Drilling the borehole", "70 000"), ("Solar pump and water tower", "50 000")], start=1
    ):
        line = page.get_by_role("group", name=f"Budget line {number}")
        line.get_by_label("What it pays for").fill(label)
        line.get_by_label("Amount (MAD)").fill(amount)
    for number, (title, amount, due) in enumerate(
        [
            ("Borehole drilled and tested", "60 000", end + timedelta(days=30)),
            ("Water flowing at the tap", "60 000", end + timedelta(days=90)),
        ],
        start=1,
    ):
        milestone = page.get_by_role("group", name=f"Milestone {number}", exact=True)
        milestone.get_by_label("Milestone", exact=True).fill(title)
        milestone.get_by_label("Amount released (MAD)").fill(amount)
        milestone.get_by_label("Target date").fill(due.isoformat())

    page.get_by_label("Cover image").set_input_files(upload_files.cover_image)
    page.get_by_label("Commune approval document").set_input_files(upload_files.commune_approval)
    shot(page, "owner fills in the project")
    page.get_by_role("button", name="Save the draft").click()

    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    expect(page.get_by_role("heading", name=PROJECT_TITLE)).to_be_visible()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    expect(page.get_by_text("Everything reviewers need is there")).to_be_visible()
    expect(page.get_by_text("120,000.00")).to_be_visible()
    shot(page, "owner sees the saved draft")
    match = re.search(r"/manage/projects/([^/?#]+)$", page.url)
    assert match, page.url
    return match.group(1)


def assert_not_found_for_the_public(page, slug):
    response = page.goto(f"/projects/{slug}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text(PROJECT_TITLE)).to_have_count(0)


def owner_submits_the_project(page, shot):
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted: a reviewer from the ministry")).to_be_visible()
    expect(page.get_by_text("Submitted", exact=True)).to_be_visible()
    shot(page, "owner has submitted the project")


def reviewer_approves_the_project(page, reviewer, shot):
    page.get_by_role("link", name="Review queue").click()
    waiting = page.get_by_role("region", name=re.compile("^Projects awaiting review"))
    entry = waiting.get_by_role("listitem").filter(has_text=PROJECT_TITLE)
    expect(entry).to_contain_text("Submitted")
    expect(entry).to_contain_text("waiting since today")
    entry.get_by_role("link", name=PROJECT_TITLE).click()

    page.get_by_role("button", name="Start review").click()
    expect(page.get_by_text("You are reviewing this project.")).to_be_visible()
    expect(page.get_by_text(f"Review started by {reviewer.name}")).to_be_visible()
    expect(page.get_by_text("The budget adds up to the goal.")).to_be_visible()
    expect(page.get_by_text("The milestones add up to the goal.")).to_be_visible()

    vetting = page.get_by_role("region", name="Vetting")
    passed = vetting.get_by_role("radio", name="Passed")
    expect(passed).to_have_count(len(CHECKLIST))
    for index in range(len(CHECKLIST)):
        passed.nth(index).check()
    vetting.get_by_role("group", name="Decision").get_by_role("radio", name="Approve").check()
    vetting.get_by_label("Comments for the project owner").fill(
        "Costs match local prices; the commune's deliberation is attached."
    )
    shot(page, "reviewer answers the checklist")
    vetting.get_by_role("button", name="Record the decision").click()

    expect(page.get_by_text("The project is approved and now open for pledges.")).to_be_visible()
    expect(page.get_by_text("No project is waiting for review.")).to_be_visible()
    shot(page, "reviewer has approved the project")


def visitor_finds_the_project_by_its_region(page, shot):
    page.goto("/")
    card = page.get_by_role("article").filter(has_text=PROJECT_TITLE)
    expect(card).to_be_visible()
    expect(card).to_contain_text("Raising funds")
    expect(card).to_contain_text("Vetted")

    filters = page.get_by_role("search")
    filters.get_by_text("Place, sector and goal").click()
    filters.get_by_label("Region").select_option(label=OTHER_REGION)
    filters.get_by_role("button", name="Show projects").click()
    expect(page.get_by_text("No project matches these filters.")).to_be_visible()

    filters.get_by_label("Region").select_option(label=PLACE["region"])
    filters.get_by_role("button", name="Show projects").click()
    expect(page).to_have_url(re.compile(r"[?&]region=R\d+"))
    expect(card).to_be_visible()
    shot(page, "visitor filters the catalogue by region")
    assert_fits_a_phone(page, "catalogue on a phone", shot)
    card.get_by_role("link", name=PROJECT_TITLE).click()


def visitor_reads_the_vetting_record(page, reviewer, shot):
    expect(page.get_by_role("heading", level=1, name=PROJECT_TITLE)).to_be_visible()
    record = page.get_by_role("region", name="Vetting record")
    expect(record).to_contain_text(reviewer.name)
    expect(record).to_contain_text(reviewer.affiliation)
    expect(record).to_contain_text("Approved for funding")
    expect(record.get_by_role("listitem")).to_have_count(len(CHECKLIST))
    expect(record.get_by_role("listitem").filter(has_text="Passed")).to_have_count(len(CHECKLIST))
    shot(page, "visitor reads the vetting record")


def visitor_reads_the_page_in_arabic_then_french(page, app, shot):
    assert_fits_a_phone(page, "project page in English on a phone", shot)

    switch_language(page, "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    heading = translated(app, "ar", "Vetting record")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text(translated(app, "ar", "Raising funds")).first).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=PROJECT_TITLE)).to_be_visible()
    shot(page, "visitor reads the project in Arabic")
    assert_fits_a_phone(page, "project page in Arabic on a phone", shot)

    switch_language(page, "fr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    heading = translated(app, "fr", "Vetting record")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_text(translated(app, "fr", "Raising funds")).first).to_be_visible()
    shot(page, "visitor reads the project in French")
    assert_fits_a_phone(page, "project page in French on a phone", shot)
