"""A project owner's whole journey, and the reviewer who vets it, in Chromium, in French and
in Arabic.

The owner of a village association creates an account in the browser's language and
confirms it; registers the association with its documents; a ministry reviewer (second
factor) verifies it. The owner drafts a project and submits it; the reviewer asks for
changes; the owner reads the comment, makes the changes and submits again; the reviewer
approves it and it opens for pledges. Once donors have funded it, the owner posts an
update and sends the evidence of the first milestone.

Every label, button and sentence looked for is taken from the catalog of the run's language.
"""

import re
from datetime import timedelta

import pyotp
import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from crowdfund.extensions import db
from crowdfund.geography.models import Commune
from crowdfund.payments import get_gateway
from crowdfund.pledges.settlement import settle_due_campaigns
from crowdfund.projects.models import Project, ProjectState
from crowdfund.projects.reference import CHECKLIST
from crowdfund.timeutil import today
from tests.e2e.evidence import owner_sends_the_evidence
from tests.e2e.in_language import BROWSER_LOCALES, Catalog, assert_page_language, log_in
from tests.e2e.support import Account, TotpDevice, assert_fits_a_phone, link_in, wait_for_mail
from tests.factories import DEFAULT_PASSWORD, ReviewerFactory, UserFactory
from tests.factories.milestones import give

pytestmark = pytest.mark.e2e

#: Amizmiz, in the province of Al Haouz (Marrakech-Safi).
COMMUNE_NAME = "Amizmiz"
#: The campaign closes soon: settling it touches no other test's project (theirs end later).
CAMPAIGN_DAYS = 10
GIFT_MAD = 1_000_00
REVIEWER_COMMENT = "Le devis du forage manque : joignez-le et précisez la profondeur prévue."
REVISED_SUMMARY = "Un puits solaire de 120 m pour 60 familles, devis du foreur joint."


@pytest.fixture
def people(live_server, language):
    """The owner (an account the test creates in the browser) and a reviewer, both speaking
    `language`; the reviewer logs in with an authenticator."""
    with live_server.app.app_context():
        reviewer = ReviewerFactory(
            email=f"vetting.{language}@finances.gov.ma", name="Nadia Berrada", locale=language
        )
        secret = pyotp.random_base32()
        reviewer.totp_secret = secret
        reviewer_account = Account(
            email=reviewer.email,
            password=DEFAULT_PASSWORD,
            name=reviewer.name,
            affiliation=reviewer.affiliation,
            authenticator=TotpDevice(secret),
        )
        commune = db.session.scalar(sa.select(Commune).filter_by(name_fr=COMMUNE_NAME))
        place = tuple(
            unit.name_in(language) for unit in (commune.province.region, commune.province, commune)
        )
        db.session.commit()
        db.session.remove()
    owner = Account(
        email=f"fatima.{language}@tighmert.ma",
        password="three cedar trees by the river",
        name="Fatima Zahra Ait Lahcen",
    )
    return owner, reviewer_account, place


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_owner_gets_a_project_vetted_funded_and_reports_on_it(
    language, people, live_server, new_context, upload_files, shot, tmp_path
):
    owner, reviewer, place = people
    catalog = Catalog(live_server.app, language)
    names = {
        "organisation": f"Association Tighmert ({language})",
        "project": f"Puits solaire de Tighmert ({language})",
    }

    def browser_page():
        return new_context(locale=BROWSER_LOCALES[language]).new_page()

    owner_page = browser_page()
    owner_signs_up_and_confirms_the_address(owner_page, live_server, owner, catalog, shot)
    log_in(owner_page, owner, catalog)
    owner_registers_the_organisation(owner_page, names, place, upload_files, catalog, shot)

    ministry = browser_page()
    log_in(ministry, reviewer, catalog)
    reviewer_verifies_the_organisation(ministry, names, catalog, shot)

    slug = owner_drafts_and_submits_the_project(
        owner_page, names, place, upload_files, catalog, shot
    )
    reviewer_decides(ministry, names, catalog, shot, decision="Request changes")
    owner_makes_the_requested_changes(owner_page, slug, catalog, shot)
    reviewer_decides(ministry, names, catalog, shot, decision="Approve")
    assert project_state(live_server, slug) == ProjectState.LIVE

    donors_fund_the_project(live_server, slug)
    owner_posts_an_update(owner_page, slug, catalog, shot)
    owner_sends_the_evidence(owner_page, slug, "Forage réalisé et testé", catalog, tmp_path, shot)


def owner_signs_up_and_confirms_the_address(page, server, owner, catalog, shot):
    _ = catalog._
    page.goto("/")
    assert_page_language(page, catalog.language)
    page.get_by_role("link", name=_("Create an account")).click()
    page.get_by_label(_("Full name")).fill(owner.name)
    page.get_by_label(_("Email address")).fill(owner.email)
    page.get_by_label(_("Password"), exact=True).fill(owner.password)
    page.get_by_label(_("Repeat the password")).fill(owner.password)
    page.get_by_label(_("Country of residence")).select_option("MA")
    shot(page, "owner fills in the sign-up form")
    page.get_by_role("button", name=_("Create my account")).click()
    expect(page.get_by_role("heading", name=_("Check your inbox"))).to_be_visible()

    message = wait_for_mail(server.outbox, owner.email, _("Confirm your email address"))
    page.goto(link_in(message, "/account/verify/"))
    page.get_by_role("button", name=_("Confirm my address")).click()
    expect(page.get_by_text(_("Thank you: your email address is confirmed."))).to_be_visible()


def choose_place(page, group_name, place, catalog):
    """The region, then the province and the commune the chooser's script lists for them
    (`place`: their names in the page's language)."""
    _ = catalog._
    region, province, commune = place
    chooser = page.get_by_role("group", name=group_name)
    chooser.get_by_label(_("Region")).select_option(label=region)
    chooser.get_by_label(_("Province or prefecture")).select_option(label=province)
    communes = chooser.get_by_label(_("Commune"), exact=True)
    expect(communes.get_by_role("option", name=commune, exact=True)).to_have_count(1)
    communes.select_option(label=commune)


def owner_registers_the_organisation(page, names, place, upload_files, catalog, shot):
    _ = catalog._
    page.get_by_role("link", name=_("My organisations")).click()
    page.get_by_role("link", name=_("Register an organisation")).click()
    page.get_by_label(_("Name of the organisation")).fill(names["organisation"])
    page.get_by_label(_("Kind of organisation")).select_option("association")
    page.get_by_label(_("Registration number")).fill(f"AH-2019-{catalog.language}-0457")
    choose_place(page, _("Where the organisation is based"), place, catalog)
    page.get_by_label(_("Short description")).fill(
        "Les habitants du douar Tighmert, qui entretiennent la source et le chemin de l'école."
    )
    page.get_by_label(_("Statutes")).set_input_files(upload_files.statutes)
    page.get_by_label(_("Registration certificate")).set_input_files(
        upload_files.registration_certificate
    )
    page.get_by_label(_("Board decision")).set_input_files(upload_files.board_decision)
    assert_fits_a_phone(page, "owner fills in the organisation on a phone", shot)
    page.get_by_role("button", name=_("Register for verification")).click()

    expect(
        page.get_by_text(
            _("Your organisation is registered. The ministry will check its documents.")
        )
    ).to_be_visible()
    expect(page.get_by_text(_("Awaiting verification"), exact=True)).to_be_visible()


def reviewer_verifies_the_organisation(page, names, catalog, shot):
    _ = catalog._
    page.get_by_role("link", name=_("Review queue")).click()
    waiting = page.get_by_role(
        "region", name=re.compile("^" + re.escape(_("Organisations awaiting verification")))
    )
    waiting.get_by_role("link", name=names["organisation"]).click()
    expect(page.get_by_role("region", name=_("Documents")).get_by_role("link")).to_have_count(3)
    shot(page, "reviewer examines the organisation")
    page.get_by_role("button", name=_("Verify the organisation")).click()
    expect(page.get_by_text(_("%(name)s is verified.", name=names["organisation"]))).to_be_visible()


def owner_drafts_and_submits_the_project(page, names, place, upload_files, catalog, shot):
    """Fill in the project form (with its scripts), save the draft and submit it; returns the
    project's slug."""
    _ = catalog._
    start = today()
    end = start + timedelta(days=CAMPAIGN_DAYS)
    page.reload()
    expect(page.get_by_text(_("Verified"), exact=True)).to_be_visible()
    page.get_by_role("link", name=_("Draft a new project")).click()

    choose_place(page, _("Where the project takes place"), place, catalog)
    page.get_by_label(_("Title")).fill(names["project"])
    page.get_by_label(_("Summary")).fill("Un puits solaire pour 60 familles.")
    page.get_by_label(_("Description")).fill(
        "## Le besoin\n\nLes femmes marchent **deux heures** par jour pour l'eau."
    )
    page.get_by_label(_("Sector")).select_option("14030")
    page.get_by_role("checkbox", name=_("Clean water and sanitation")).check()
    page.get_by_label(_("Latitude")).fill("31.2")
    page.get_by_label(_("Longitude")).fill("-7.9")
    page.get_by_label(_("Goal (MAD)")).fill("120000")
    page.get_by_role("radio", name=_("Flexible")).check()
    page.get_by_label(_("Campaign start")).fill(start.isoformat())
    page.get_by_label(_("Campaign end")).fill(end.isoformat())
    for number, (label, amount) in enumerate(
        [("Forage", "70000"), ("Pompe solaire et château d'eau", "50000")], start=1
    ):
        line = page.get_by_role("group", name=_("Budget line %(number)d", number=number))
        line.get_by_label(_("What it pays for")).fill(label)
        line.get_by_label(_("Amount (MAD)")).fill(amount)
    for number, (title, due) in enumerate(
        [
            ("Forage réalisé et testé", end + timedelta(days=30)),
            ("L'eau coule au robinet", end + timedelta(days=90)),
        ],
        start=1,
    ):
        milestone = page.get_by_role(
            "group", name=_("Milestone %(number)d", number=number), exact=True
        )
        milestone.get_by_label(_("Milestone"), exact=True).fill(title)
        milestone.get_by_label(_("Amount released (MAD)")).fill("60000")
        milestone.get_by_label(_("Target date")).fill(due.isoformat())
    page.get_by_label(_("Cover image")).set_input_files(upload_files.cover_image)
    page.get_by_label(_("Commune approval document")).set_input_files(upload_files.commune_approval)
    shot(page, "owner fills in the project")
    page.get_by_role("button", name=_("Save the draft")).click()
    ready = _("Everything reviewers need is there: you can submit it.")
    expect(page.get_by_text(ready)).to_be_visible()
    slug = re.search(r"/manage/projects/([^/?#]+)$", page.url).group(1)

    page.get_by_role("button", name=_("Submit for review")).click()
    expect(
        page.get_by_text(_("Submitted: a reviewer from the ministry will examine your project."))
    ).to_be_visible()
    shot(page, "owner has submitted the project")
    return slug


def reviewer_decides(page, names, catalog, shot, decision):
    """The reviewer opens the project from the queue, answers the checklist and records
    `decision` ("Request changes" or "Approve")."""
    _ = catalog._
    page.get_by_role("link", name=_("Review queue")).click()
    waiting = page.get_by_role(
        "region", name=re.compile("^" + re.escape(_("Projects awaiting review")))
    )
    waiting.get_by_role("link", name=names["project"]).click()
    start = page.get_by_role("button", name=_("Start review"))
    if start.count():
        start.click()
        expect(page.get_by_text(_("You are reviewing this project."))).to_be_visible()

    vetting = page.get_by_role("region", name=_("Vetting"))
    passed = vetting.get_by_role("radio", name=_("Passed"), exact=True)
    expect(passed).to_have_count(len(CHECKLIST))
    for index in range(len(CHECKLIST)):
        passed.nth(index).check()
    vetting.get_by_role("group", name=_("Decision")).get_by_role("radio", name=_(decision)).check()
    comment = REVIEWER_COMMENT if decision == "Request changes" else "Devis conforme aux prix."
    vetting.get_by_label(_("Comments for the project owner")).fill(comment)
    shot(page, f"reviewer records: {decision}")
    vetting.get_by_role("button", name=_("Record the decision")).click()
    expected = {
        "Request changes": _("Changes are requested from the project owner."),
        "Approve": _("The project is approved and now open for pledges."),
    }[decision]
    expect(page.get_by_text(expected)).to_be_visible()


def owner_makes_the_requested_changes(page, slug, catalog, shot):
    _ = catalog._
    page.goto(f"/manage/projects/{slug}")
    requested = page.get_by_role("region", name=_("Changes requested by the reviewer"))
    expect(requested).to_contain_text(REVIEWER_COMMENT)
    shot(page, "owner reads the requested changes")
    page.get_by_role("button", name=_("Make the requested changes")).click()
    expect(
        page.get_by_text(
            _("The project is a draft again: make the requested changes, then submit it.")
        )
    ).to_be_visible()
    page.get_by_label(_("Summary")).fill(REVISED_SUMMARY)
    page.get_by_role("button", name=_("Save the draft")).click()
    expect(page.get_by_text(_("Your changes are saved."))).to_be_visible()
    expect(page.get_by_text(REVISED_SUMMARY)).to_be_visible()
    page.get_by_role("button", name=_("Submit for review")).click()
    expect(
        page.get_by_text(_("Submitted: a reviewer from the ministry will examine your project."))
    ).to_be_visible()


def project_state(server, slug):
    with server.app.app_context():
        state = db.session.scalar(sa.select(Project.state).filter_by(slug=slug))
        db.session.remove()
    return state


def donors_fund_the_project(server, slug):
    """A donor's gift is captured and the flexible campaign closes, funded (the donor's
    own journey drives these pages)."""
    with server.app.test_request_context(base_url=server.url):
        project = db.session.scalar(sa.select(Project).filter_by(slug=slug))
        give(project, UserFactory(), GIFT_MAD)
        settle_due_campaigns(get_gateway(), today=project.end_date + timedelta(days=1))
        assert project.state == ProjectState.FUNDED
        db.session.commit()
        db.session.remove()


def owner_posts_an_update(page, slug, catalog, shot):
    _ = catalog._
    page.goto(f"/projects/{slug}")
    page.get_by_role("link", name=_("Post an update")).click()
    page.get_by_label(_("Title")).fill("Le foreur arrive lundi")
    page.get_by_label(_("What is new")).fill(
        "Le **foreur** installe sa machine lundi ; le forage doit durer trois semaines."
    )
    assert_fits_a_phone(page, "owner writes an update on a phone", shot)
    page.get_by_role("button", name=_("Post the update")).click()
    expect(page.get_by_text(_("Your update is posted."))).to_be_visible()
    expect(page.get_by_role("heading", name="Le foreur arrive lundi")).to_be_visible()
    expect(page.locator("strong", has_text="foreur")).to_be_visible()
    shot(page, "owner has posted the update")
