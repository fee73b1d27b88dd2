"""The demo loader: refused unless allowed, complete, consistent, and harmless when run twice.

The demo is loaded once into a database of its own, for the tests that read it.
"""

from collections import Counter
from datetime import datetime, time, timedelta

import pyotp
import pytest
import sqlalchemy as sa
from PIL import Image

from config import TestConfig
from crowdfund import create_app
from crowdfund.accounts.models import PRIVILEGED_ROLES, Role, User
from crowdfund.accounts.passwords import verify_password
from crowdfund.demo import DemoDataRefused, cardholder, load_demo
from crowdfund.demo.accounts import ACCOUNTS, DEMO_PASSWORD
from crowdfund.demo.pledge_data import DEMO_DONOR_GIVES_TO, DONORS, UNUSUAL_CARDS
from crowdfund.demo.progress_data import MILESTONE_REPORTS, UPDATES
from crowdfund.demo.project_data import PROJECTS
from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.files.services import stored_path
from crowdfund.geography.seed import seed_geography
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from crowdfund.matching.models import MatchAllocation
from crowdfund.milestones.models import (
    Disbursement,
    EvidenceFileKind,
    EvidenceState,
    MilestoneEvidence,
)
from crowdfund.milestones.reading import MilestoneState, milestone_progress
from crowdfund.organisations.models import Organisation, OrganisationStatus
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.quotes import committed_mad
from crowdfund.projects.models import (
    PUBLIC_STATES,
    FundingModel,
    Project,
    ProjectReview,
    ProjectState,
    ProjectTransition,
)
from crowdfund.projects.reference import CHECKLIST, CHECKLIST_VERSION, SDGS, SECTORS
from crowdfund.receipts.models import Receipt
from crowdfund.timeutil import utcnow
from crowdfund.updates.models import ProjectUpdate, UpdateVisibility
from tests.databases import empty_database
from tests.payments.conftest import free_port

DEMO_EMAILS = {
    "donor@demo.twiza.ma",
    "owner@demo.twiza.ma",
    "owner2@demo.twiza.ma",
    "reviewer@demo.twiza.ma",
    "treasurer@demo.twiza.ma",
    "admin@demo.twiza.ma",
}
DIASPORA = {"FR", "ES", "BE", "IT", "NL", "DE", "CA", "US", "AE", "GB"}
STORIES = {spec.title: spec.story for spec in PROJECTS}


def _database_of_its_own(tmp_path):
    """The URL of an empty database beside the suite's: a SQLite file, or on its PostgreSQL."""
    return empty_database(tmp_path, "demo")


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """An application whose database holds the demo, loaded (and committed) once: (app, summary)."""
    base = tmp_path_factory.mktemp("demo")
    with _database_of_its_own(base) as url:

        class Config(TestConfig):
            SQLALCHEMY_DATABASE_URI = url
            UPLOAD_DIR = base / "uploads"
            # Captures queue mail with absolute links, outside any request.
            SERVER_NAME = "localhost"

        loaded = create_app(Config)
        with loaded.app_context():
            db.create_all()
            seed_geography()
            summary = load_demo()
            db.session.commit()
        yield loaded, summary
        with loaded.app_context():
            db.engine.dispose()


@pytest.fixture
def demo(demo_app):
    """Inside the demo's application, for one test; what the test writes is rolled back."""
    loaded, summary = demo_app
    with loaded.app_context():
        try:
            yield summary
        finally:
            db.session.rollback()
            db.session.remove()


def _all(model):
    return db.session.scalars(sa.select(model)).all()


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _region_code(project_or_organisation):
    return project_or_organisation.commune.province.region.code


def test_demo_loader_refuses_unless_the_configuration_allows_it(app, monkeypatch):
    monkeypatch.setitem(app.config, "ALLOW_DEMO_DATA", False)

    with pytest.raises(DemoDataRefused):
        load_demo()

    assert _count(User) == 0


def test_demo_command_refuses_unless_the_configuration_allows_it(app, monkeypatch):
    monkeypatch.setitem(app.config, "ALLOW_DEMO_DATA", False)

    result = app.test_cli_runner().invoke(args=["demo", "load"])

    assert result.exit_code != 0
    assert "refused" in result.output
    assert _count(User) == 0


def _paying_through_stripe_at(app, monkeypatch, api_base):
    monkeypatch.setitem(app.config, "PAYMENT_GATEWAY", "stripe")
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", api_base)
    monkeypatch.setattr(cardholder, "LOCALSTRIPE_WAIT_SECONDS", 0.2)


def test_demo_loader_asks_for_localstripe_when_it_does_not_answer(app, monkeypatch):
    _paying_through_stripe_at(app, monkeypatch, f"http://127.0.0.1:{free_port()}")

    with pytest.raises(DemoDataRefused, match=r"start localstripe first \(make localstripe\)"):
        load_demo()

    assert _count(User) == 0


def test_demo_command_says_to_start_localstripe_without_a_traceback(app, monkeypatch):
    _paying_through_stripe_at(app, monkeypatch, f"http://127.0.0.1:{free_port()}")

    result = app.test_cli_runner().invoke(args=["demo", "load"])

    assert result.exit_code == 1
    assert "localstripe does not answer" in result.output
    assert "start localstripe first (make localstripe)" in result.output
    assert "Traceback" not in result.output
    assert _count(User) == 0


def test_demo_loader_refuses_to_pay_through_stripe_itself(app, monkeypatch):
    _paying_through_stripe_at(app, monkeypatch, "https://api.stripe.com")

    with pytest.raises(DemoDataRefused, match="through localstripe"):
        load_demo()

    assert _count(User) == 0


def test_demo_creates_a_verified_account_for_every_role(demo):
    users = {user.email: user for user in _all(User)}

    assert users.keys() >= DEMO_EMAILS
    assert set().union(*(user.roles for user in users.values())) == set(Role)
    for user in users.values():
        assert user.email_verified
        assert verify_password(user.password_hash, DEMO_PASSWORD)
    assert users["donor@demo.twiza.ma"].country == "FR"
    assert users["donor@demo.twiza.ma"].name == "Youssef El Amrani"
    assert users["reviewer@demo.twiza.ma"].affiliation == (
        "Ministry of Economy and Finance – Treasury"
    )
    assert users["treasurer@demo.twiza.ma"].affiliation == "Treasury – Disbursements"


def test_privileged_demo_accounts_have_the_printed_second_factor_secrets(demo):
    for account in ACCOUNTS:
        user = db.session.scalar(sa.select(User).filter_by(email=account.email))
        if user.roles & PRIVILEGED_ROLES:
            assert len(user.totp_secret) == 32
            assert pyotp.TOTP(user.totp_secret).now().isdigit()
            assert user.totp_secret in demo
        assert account.email in demo
    assert DEMO_PASSWORD in demo


def test_demo_donors_live_abroad_and_speak_the_demo_languages(demo):
    donors = [
        db.session.scalar(sa.select(User).filter_by(email=account.email))
        for account in ACCOUNTS
        if account.key in {donor.key for donor in DONORS}
    ]

    assert len(donors) == len(DONORS)
    assert {donor.country for donor in donors} == DIASPORA
    assert {donor.locale for donor in donors} == {"fr", "en", "ar"}
    assert all(donor.roles == {Role.DONOR} for donor in donors)
    assert all(donor.email_verified for donor in donors)


def test_demo_organisations_are_spread_across_regions_and_statuses(demo):
    organisations = _all(Organisation)
    statuses = Counter(organisation.status for organisation in organisations)

    assert len(organisations) >= 8
    assert len({_region_code(organisation) for organisation in organisations}) >= 8
    assert statuses[OrganisationStatus.PENDING] == 1
    assert statuses[OrganisationStatus.REJECTED] == 1
    assert statuses[OrganisationStatus.VERIFIED] >= 8
    rejected = next(o for o in organisations if o.status == OrganisationStatus.REJECTED)
    assert rejected.decision_reason
    assert {member.user.email for o in organisations for member in o.members} == {
        "owner@demo.twiza.ma",
        "owner2@demo.twiza.ma",
    }
    assert all(len(organisation.documents) == 3 for organisation in organisations)


def test_demo_projects_cover_every_state_across_at_least_eight_regions(demo):
    projects = _all(Project)
    states = Counter(project.state for project in projects)

    assert len(projects) >= 24
    assert set(states) == set(ProjectState)
    assert states[ProjectState.LIVE] >= 8
    assert len({_region_code(project) for project in projects}) >= 8
    assert {project.funding_model for project in projects} == set(FundingModel)
    live = [project for project in projects if project.state == ProjectState.LIVE]
    assert len({committed_mad(project) for project in live}) == len(live)
    assert len({project.end_date for project in live}) == len(live)
    approved = [project for project in projects if project.state == ProjectState.APPROVED]
    assert all(project.start_date > utcnow().date() for project in approved)


def test_demo_budget_lines_and_milestones_add_up_to_each_goal(demo):
    for project in _all(Project):
        assert 40_000_00 <= project.goal_amount <= 450_000_00, project.title
        assert sum(line.amount for line in project.budget_lines) == project.goal_amount
        assert sum(milestone.amount for milestone in project.milestones) == project.goal_amount
        assert all(milestone.target_date >= project.end_date for milestone in project.milestones)


def test_demo_projects_are_described_with_reference_codes_and_places(demo):
    for project in _all(Project):
        assert project.sector_code in SECTORS
        assert project.sdgs
        assert set(project.sdgs) <= SDGS.keys()
        assert project.description.startswith("## ")
        assert "\n- " in project.description
        assert 20.5 <= project.latitude <= 36.0
        assert -17.5 <= project.longitude <= -0.9
        assert project.cover_image.content_type == "image/jpeg"
        assert project.cover_image.size < 30_000
        assert project.commune_approval.content_type == "application/pdf"


def test_demo_histories_are_recorded_by_the_right_people_in_order(demo):
    now = utcnow()
    for project in _all(Project):
        moments = [entry.created_at for entry in project.transitions]
        assert moments == sorted(moments), project.title
        assert all(project.created_at <= moment <= now for moment in moments), project.title
        assert project.organisation.decided_at <= project.created_at, project.title
        if project.state != ProjectState.DRAFT or project.transitions:
            assert project.transitions[-1].to_state == project.state
        for entry in project.transitions:
            if entry.action in ("go_live", "fail", "fund", "complete"):
                assert entry.actor_id is None
            elif entry.action in ("submit", "revise"):
                assert entry.actor.has_role(Role.OWNER)
            else:
                assert entry.actor.has_role(Role.REVIEWER)
        if project.state in PUBLIC_STATES - {ProjectState.APPROVED}:
            assert project.published_at is not None


def test_demo_reviews_answer_the_whole_checklist(demo):
    reviews = _all(ProjectReview)

    assert reviews
    for review in reviews:
        assert review.checklist_version == CHECKLIST_VERSION
        assert review.answers.keys() == CHECKLIST.keys()
        assert review.reviewer_affiliation == review.reviewer.affiliation
    assert len({review.reviewer_id for review in reviews}) == 2


def test_review_queue_shows_ageing(demo):
    waiting = [
        project.submitted_at
        for project in _all(Project)
        if project.state in (ProjectState.SUBMITTED, ProjectState.IN_REVIEW)
    ]
    ages = {(utcnow() - submitted_at).days for submitted_at in waiting}
    assert min(ages) <= 3
    assert max(ages) > 10


def test_loading_the_demo_twice_changes_nothing(demo):
    models = (
        *(User, Organisation, Project, ProjectTransition, Pledge, MatchAllocation),
        *(MilestoneEvidence, Disbursement, ProjectUpdate),
    )
    counts = [_count(model) for model in (*models, StoredFile, LedgerTransaction)]

    summary = load_demo()

    assert "already loaded" in summary
    assert [_count(model) for model in (*models, StoredFile, LedgerTransaction)] == counts
    assert check_ledger() == []


def _pledges_of(project):
    return db.session.scalars(sa.select(Pledge).filter_by(project_id=project.id)).all()


def _matched(project):
    return sum(
        allocation.active_amount
        for allocation in db.session.scalars(
            sa.select(MatchAllocation).filter_by(project_id=project.id)
        )
    )


def test_the_demo_ledger_is_clean_and_holds_the_pledges(demo, demo_app):
    captures = db.session.scalars(
        sa.select(LedgerTransaction).filter_by(kind=TransactionKind.CAPTURE)
    ).all()

    assert check_ledger() == []
    assert len(captures) == _count_where(Pledge.state == PledgeState.CAPTURED)
    checked = demo_app[0].test_cli_runner().invoke(args=["ledger", "check"])
    assert checked.exit_code == 0
    assert "Ledger clean" in checked.output


def _count_where(condition):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Pledge).where(condition))


def test_what_each_project_raised_is_its_captured_pledges_and_their_matches(demo):
    funded = 0
    for project in _all(Project):
        captured = sum(pledge.captured_mad for pledge in _pledges_of(project))
        assert project.raised_amount == captured + _matched(project), project.title
        funded += project.state in (ProjectState.FUNDED, ProjectState.COMPLETED)
    assert funded >= 4
    assert sum(_matched(project) for project in _all(Project)) > 0


def test_each_campaign_raised_about_its_story_share_of_the_goal(demo):
    for project in _all(Project):
        story = STORIES[project.title]
        if project.state == ProjectState.FAILED:
            assert project.raised_amount == 0
            continue
        if not story.raised:
            assert not _pledges_of(project), project.title
            continue
        # Flexible pledges are charged at once; all-or-nothing ones are promised until settled.
        promised = committed_mad(project)
        assert abs(promised - project.goal_amount * story.raised) < project.goal_amount / 100
        assert len({pledge.donor_id for pledge in _pledges_of(project)}) >= 3, project.title
        if project.funding_model == FundingModel.ALL_OR_NOTHING and project.state != (
            ProjectState.LIVE
        ):
            assert promised >= project.goal_amount, project.title


def test_demo_pledges_come_in_several_currencies_and_states(demo):
    pledges = _all(Pledge)

    assert {pledge.currency for pledge in pledges} == {"EUR", "USD", "CAD", "GBP", "MAD"}
    assert {pledge.state for pledge in pledges} == {
        PledgeState.CAPTURED,
        PledgeState.SAVED,
        PledgeState.RELEASED,
        PledgeState.FAILED,
    }
    declined = [pledge for pledge in pledges if pledge.state == PledgeState.FAILED]
    assert all(pledge.failure_code == "card_declined" for pledge in declined)
    assert any(pledge.show_name and pledge.message for pledge in pledges)
    assert any(not pledge.show_name for pledge in pledges)
    for pledge in pledges:
        assert pledge.fx_rate_micro > 0
        assert pledge.fx_source
        assert pledge.setup_intent_id
        assert pledge.captured_mad == (
            pledge.amount_mad if pledge.state == PledgeState.CAPTURED else 0
        )


def test_pledges_of_an_ended_all_or_nothing_campaign_were_settled_after_its_end(demo):
    for project in _all(Project):
        if project.funding_model != FundingModel.ALL_OR_NOTHING:
            continue
        states = {pledge.state for pledge in _pledges_of(project)}
        if project.state == ProjectState.LIVE:
            assert states <= {PledgeState.SAVED}
            assert project.raised_amount == 0
        elif project.state == ProjectState.FAILED:
            assert states == {PledgeState.RELEASED}
        elif project.state in (ProjectState.FUNDED, ProjectState.COMPLETED):
            assert states == {PledgeState.CAPTURED}
            for pledge in _pledges_of(project):
                assert pledge.captured_at.date() > project.end_date
                assert pledge.created_at.date() <= project.end_date


def test_demo_pledges_are_dated_inside_their_campaigns(demo):
    now = utcnow()
    for pledge in _all(Pledge):
        project = pledge.project
        closed = datetime.combine(project.end_date + timedelta(days=1), time())
        assert project.published_at < pledge.created_at < min(now, closed), project.title
        assert pledge.created_at <= pledge.updated_at <= now
        if pledge.captured_at:
            assert pledge.created_at < pledge.captured_at <= now


def test_the_demo_donor_has_a_pledge_captured_and_a_card_saved(demo):
    donor = db.session.scalar(sa.select(User).filter_by(email="donor@demo.twiza.ma"))
    pledges = db.session.scalars(sa.select(Pledge).filter_by(donor_id=donor.id)).all()

    assert {pledge.state for pledge in pledges} == {PledgeState.CAPTURED, PledgeState.SAVED}
    saved = next(pledge for pledge in pledges if pledge.state == PledgeState.SAVED)
    assert saved.project.funding_model == FundingModel.ALL_OR_NOTHING
    assert saved.project.state == ProjectState.LIVE


def test_the_titles_named_in_the_pledge_data_are_projects_that_raise_money():
    raising = {spec.title for spec in PROJECTS if spec.story.raised}

    assert set(DEMO_DONOR_GIVES_TO) <= raising
    assert {title for title, _gift in UNUSUAL_CARDS} <= raising


# What funded projects did with their money


def _project(title):
    return db.session.scalar(sa.select(Project).filter_by(title=title))


def _states(project):
    return [item.state for item in milestone_progress(project)]


def test_completed_projects_released_every_tranche_and_a_funded_one_awaits_verification(demo):
    def progress_of(state):
        return {p.title: _states(p) for p in _all(Project) if p.state == state}

    completed, funded = progress_of(ProjectState.COMPLETED), progress_of(ProjectState.FUNDED)

    assert completed
    assert all(set(states) == {MilestoneState.RELEASED} for states in completed.values())
    assert [
        MilestoneState.RELEASED,
        MilestoneState.EVIDENCE_SUBMITTED,
        MilestoneState.PLANNED,
    ] in funded.values()


def _ledger_disbursed():
    """{project id: the balance of its disbursed account}, from the ledger's entries."""
    return dict(
        db.session.execute(
            sa.select(LedgerAccount.project_id, sa.func.sum(LedgerEntry.amount))
            .join(LedgerEntry.account)
            .where(LedgerAccount.kind == AccountKind.PROJECT_DISBURSED)
            .group_by(LedgerAccount.project_id)
        ).all()
    )


def test_the_tranches_released_are_the_money_the_ledger_disbursed(demo):
    disbursements = _all(Disbursement)
    released = Counter()
    for disbursement in disbursements:
        released[disbursement.project_id] += disbursement.amount
        assert disbursement.amount == disbursement.milestone.amount
        assert disbursement.ledger_transaction.kind == TransactionKind.DISBURSEMENT

    assert len(disbursements) == sum(
        report.released is not None for reports in MILESTONE_REPORTS.values() for report in reports
    )
    assert dict(released) == _ledger_disbursed()
    for project in _all(Project):
        assert project.raised_amount >= released[project.id], project.title
    assert check_ledger() == []


def test_evidence_is_verified_by_a_reviewer_and_released_by_another_person(demo):
    for disbursement in _all(Disbursement):
        evidence = disbursement.evidence
        assert evidence.state == EvidenceState.VERIFIED
        assert evidence.decided_by.has_role(Role.REVIEWER)
        assert disbursement.released_by.has_role(Role.TREASURER)
        assert disbursement.released_by_id != evidence.decided_by_id
        assert disbursement.bank_transfer_reference
    assert len({d.bank_transfer_reference for d in _all(Disbursement)}) == _count(Disbursement)


def test_evidence_has_located_photos_an_invoice_and_the_acceptance_record(demo):
    for evidence in _all(MilestoneEvidence):
        photos = evidence.files_of_kind(EvidenceFileKind.PHOTO)
        assert photos
        for photo in photos:
            assert photo.taken_at is not None
            assert abs(photo.latitude - evidence.project.latitude) < 0.01
            assert abs(photo.longitude - evidence.project.longitude) < 0.01
            with Image.open(stored_path(photo.file)) as image:
                assert dict(image.getexif()) == {}
        for kind in (EvidenceFileKind.INVOICE, EvidenceFileKind.ACCEPTANCE_RECORD):
            [document] = evidence.files_of_kind(kind)
            assert stored_path(document.file).read_bytes().startswith(b"%PDF-")


def test_the_steps_of_each_tranche_are_dated_in_order_after_the_funding(demo):
    now = utcnow()
    released_at = {d.evidence_id: d.released_at for d in _all(Disbursement)}
    for evidence in _all(MilestoneEvidence):
        funded_at = next(
            entry.created_at for entry in evidence.project.transitions if entry.action == "fund"
        )
        moments = [photo.taken_at for photo in evidence.files_of_kind(EvidenceFileKind.PHOTO)]
        moments.append(evidence.submitted_at)
        if evidence.decided_at:
            moments += [evidence.decided_at, released_at[evidence.id]]
        assert funded_at < min(moments), evidence.project.title
        assert moments == sorted(moments), evidence.project.title
        assert max(moments) <= now
    for project in _all(Project):
        if project.state == ProjectState.COMPLETED:
            last_release = max(disbursement.released_at for disbursement in _of(project))
            assert project.transitions[-1].created_at == last_release


def _of(project):
    return db.session.scalars(sa.select(Disbursement).filter_by(project_id=project.id)).all()


def test_owners_posted_updates_one_of_them_a_progress_report(demo):
    updates = _all(ProjectUpdate)

    assert len(updates) == len(UPDATES) >= 2
    assert any(update.is_progress_report for update in updates)
    assert {update.visibility for update in updates} == set(UpdateVisibility)
    assert all(update.created_at < utcnow() for update in updates)
    images = [image for update in updates for image in update.images]
    assert images
    for image in images:
        with Image.open(stored_path(image.file)) as stored:
            assert dict(stored.getexif()) == {}


def test_the_public_page_of_a_completed_project_shows_its_releases_and_updates(demo, demo_app):
    client = demo_app[0].test_client()
    [completed, *_] = [p for p in _all(Project) if p.state == ProjectState.COMPLETED]
    classrooms = _project("Rebuilding two classrooms in Douar Tnirt after the earthquake")

    page = client.get(f"/projects/{completed.slug}").get_data(as_text=True)
    assert page.count('class="milestone-released"') == len(completed.milestones)
    assert "Omar Alaoui" in page

    page = client.get(f"/projects/{classrooms.slug}").get_data(as_text=True)
    assert "Progress report: the walls are up" in page
    assert "A letter from the pupils" not in page


def test_the_progress_data_names_funded_projects_and_reports_every_completed_milestone():
    specs = {spec.title: spec for spec in PROJECTS}
    spending = {ProjectState.FUNDED, ProjectState.COMPLETED}

    assert {specs[title].story.state for title in MILESTONE_REPORTS} <= spending
    assert {update.project for update in UPDATES} <= specs.keys()
    for spec in PROJECTS:
        if spec.story.state == ProjectState.COMPLETED:
            reports = MILESTONE_REPORTS[spec.title]
            assert len(reports) == len(spec.milestones), spec.title
            assert all(report.released is not None for report in reports), spec.title


def test_demo_receipts_are_numbered_in_capture_order_within_each_year(demo):
    receipts = db.session.execute(
        sa.select(Receipt.year, Receipt.sequence, Pledge.captured_at)
        .join(Pledge, Pledge.id == Receipt.pledge_id)
        .order_by(Pledge.captured_at, Pledge.id)
    ).all()
    captured = db.session.scalar(
        sa.select(sa.func.count()).select_from(Pledge).where(Pledge.captured_at.is_not(None))
    )

    assert len(receipts) == captured > 0
    assert all(year == captured_at.year for year, _sequence, captured_at in receipts)
    for year in {year for year, _sequence, _at in receipts}:
        sequences = [sequence for y, sequence, _at in receipts if y == year]
        assert sequences == list(range(1, len(sequences) + 1))
