"""The demo loader: refused unless allowed, complete, consistent, and harmless when run twice."""

from collections import Counter

import pyotp
import pytest
import sqlalchemy as sa

from crowdfund.accounts.models import PRIVILEGED_ROLES, Role, User
from crowdfund.accounts.passwords import verify_password
from crowdfund.demo import DemoDataRefused, load_demo
from crowdfund.demo.accounts import ACCOUNTS, DEMO_PASSWORD
from crowdfund.extensions import db
from crowdfund.files.models import StoredFile
from crowdfund.organisations.models import Organisation, OrganisationStatus
from crowdfund.projects.models import (
    PUBLIC_STATES,
    FundingModel,
    Project,
    ProjectReview,
    ProjectState,
    ProjectTransition,
)
from crowdfund.projects.reference import CHECKLIST, CHECKLIST_VERSION, SDGS, SECTORS
from crowdfund.timeutil import utcnow

DEMO_EMAILS = {
    "donor@demo.twiza.ma",
    "owner@demo.twiza.ma",
    "owner2@demo.twiza.ma",
    "reviewer@demo.twiza.ma",
    "treasurer@demo.twiza.ma",
    "admin@demo.twiza.ma",
}


@pytest.fixture
def demo(app):
    summary = load_demo()
    db.session.expire_all()
    return summary


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


def test_demo_creates_a_verified_account_for_every_role(demo):
    users = {user.email: user for user in _all(User)}

    assert users.keys() >= DEMO_EMAILS
    assert set().union(*(user.roles for user in users.values())) == set(Role)
    for user in users.values():
        assert user.email_verified
        assert verify_password(user.password_hash, DEMO_PASSWORD)
    assert users["donor@demo.twiza.ma"].country == "FR"
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
    assert len({project.raised_amount for project in live}) == len(live)
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
    counts = [_count(model) for model in (User, Organisation, Project, ProjectTransition)]
    files = _count(StoredFile)

    summary = load_demo()

    assert "already loaded" in summary
    assert [_count(model) for model in (User, Organisation, Project, ProjectTransition)] == counts
    assert _count(StoredFile) == files
