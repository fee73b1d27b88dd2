"""Public transparency of a project: raised by source, held, released, refunds and a timeline.

The figures must be the ledger's; the page shows them in words beside the picture,
in a number of queries that does not grow with pledges, refunds or history.
"""

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import render_template
from flask_babel import format_date
from flask_login import AnonymousUserMixin

from crowdfund.extensions import db
from crowdfund.ledger.models import (
    AccountKind,
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    TransactionKind,
)
from crowdfund.ledger.reading import project_money
from crowdfund.milestones.models import Disbursement
from crowdfund.milestones.release import release_tranche
from crowdfund.pledges.refunds import refund_pledge
from crowdfund.projects.models import Milestone, ProjectState
from crowdfund.projects.transparency import MoneyFlow, project_transparency
from crowdfund.timeutil import today, utcnow
from crowdfund.updates.models import UpdateVisibility
from crowdfund.updates.panel import PANEL_LIMIT
from tests.catalogue.query_counter import counting_queries
from tests.factories import AdminFactory, UserFactory
from tests.factories.catalogue import ProjectTransitionFactory
from tests.factories.matching import MatchingFundFactory
from tests.factories.milestones import (
    FundedProjectFactory,
    TreasurerFactory,
    VerifiedEvidenceFactory,
    give,
)
from tests.factories.projects import DraftProjectFactory
from tests.factories.updates import ProjectUpdateFactory, UpdateImageFactory
from tests.ledger.builders import co_fund, disburse
from tests.pledges import conftest as pledge_flow

# The pledge flow's fixtures: pledges made as the browser makes them, with FakeGateway.
begin, donor, eur_rate, pledge, project = (
    pledge_flow.begin,
    pledge_flow.donor,
    pledge_flow.eur_rate,
    pledge_flow.pledge,
    pledge_flow.project,
)


@pytest.fixture
def admin():
    return AdminFactory()


@pytest.fixture
def funded(project, pledge, gateway, eur_rate, admin):
    """A project with every source of money, a partial refund and a first release."""
    fund = MatchingFundFactory(pool_amount=5_000_00)
    matched = pledge(project, 1_000_00)
    fund.is_active = False
    pledge(project, 100_00, "EUR", who=UserFactory(name="Nadia Chraibi"))
    co_fund(project, 2_000_00, "cofunding:test")
    refund_pledge(matched, 400_00, "Donor asked", admin, gateway)
    disburse(project, 1_500_00, "disbursement:test")
    db.session.flush()
    return project


#: The pages that show a project's money section; the page tests run on each.
TRANSPARENT_PAGES = ("/manage/projects/{slug}", "/projects/{slug}")


@pytest.fixture(params=TRANSPARENT_PAGES)
def page_url(request):
    return request.param.format


@pytest.fixture
def page_of(login, page_url):
    """A project's page, as its owner reads it."""

    def _page_of(project):
        response = login(project.created_by).get(page_url(slug=project.slug))
        assert response.status_code == 200
        return html.unescape(response.get_data(as_text=True))

    return _page_of


def _text(markup):
    """What a reader sees of `markup`: no tags, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", markup))


def _ledger_refunds(project):
    """What refunds took out of the project's escrow, from the ledger entries themselves."""
    return -db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(LedgerEntry.amount), 0))
        .join(LedgerEntry.account)
        .join(LedgerEntry.transaction)
        .where(
            LedgerAccount.project_id == project.id,
            LedgerAccount.kind == AccountKind.PROJECT_ESCROW,
            LedgerTransaction.kind == TransactionKind.REFUND,
        )
    )


def test_the_figures_are_the_ledgers(funded, donor):
    transparency = project_transparency(funded, donor)

    money = project_money(funded)
    assert transparency.money == money
    assert (money.pledges, money.matching, money.co_funding) == (1_685_00, 600_00, 2_000_00)
    assert transparency.flow == MoneyFlow("MAD", raised=4_285_00, held=2_785_00, released=1_500_00)
    assert transparency.flow.raised == money.sources_total
    assert (transparency.refunds.count, transparency.refunds.total) == (1, 400_00)
    assert transparency.refunds.total == _ledger_refunds(funded)


def test_the_page_says_in_words_what_the_picture_shows(page_of, funded):
    page = page_of(funded)

    assert (
        "Raised: MAD4,285.00. Released to the project: MAD1,500.00. Held in escrow: MAD2,785.00."
        in page
    )
    figures = _text(re.search(r'<dl class="facts money-flow-figures">(.*?)</dl>', page, re.S)[1])
    assert figures.strip() == (
        "Raised MAD4,285.00 Held in escrow MAD2,785.00 (65 % of the money raised) "
        "Released to the project MAD1,500.00 (35 % of the money raised)"
    )
    assert '<dd class="source-pledges">MAD1,685.00</dd>' in page
    assert '<dd class="source-matching">MAD600.00</dd>' in page
    assert '<dd class="source-cofunding">MAD2,000.00</dd>' in page


def test_refunds_are_counted_and_totalled_without_names(page_of, funded, donor):
    page = page_of(funded)

    section = page[page.index('id="transparency-heading"') : page.index('id="updates-heading"')]
    refunds = re.search(r'<p class="transparency-refunds">(.*?)</p>', section, re.S).group(1)
    assert refunds.strip() == "1 refund to donors, MAD400.00 in all."
    assert donor.name not in section


def test_a_project_without_refunds_says_so(page_of, project, pledge):
    pledge(project, 100_00)

    assert "No refund has been made." in page_of(project)


def test_the_bar_grows_from_the_start_of_the_line_in_either_direction(app):
    flow = MoneyFlow("MAD", raised=4_000_00, held=3_000_00, released=1_000_00)

    def bars(direction):
        drawn = render_template(
            "projects/_money_flow.html", flow=flow, flow_id="t", text_direction=direction
        )
        return re.findall(
            r'<rect class="money-flow-(\w+)" x="([\d.]+)" y="0" width="([\d.]+)"', drawn
        )

    assert bars("ltr") == [("released", "0", "25.0"), ("held", "25.0", "75.0")]
    assert bars("rtl") == [("released", "75.0", "25.0"), ("held", "0.0", "75.0")]


def test_nothing_raised_draws_an_empty_bar(app):
    drawn = render_template(
        "projects/_money_flow.html",
        flow=MoneyFlow("MAD", raised=0, held=0, released=0),
        flow_id="t",
        text_direction="ltr",
    )

    assert '<rect class="money-flow-' not in drawn
    assert "Raised: MAD0.00." in drawn


def test_the_timeline_tells_the_projects_life_in_order_without_internal_notes(project, donor):
    start = utcnow() - timedelta(days=30)
    for days, action, to_state in [
        (3, "go_live", ProjectState.LIVE),
        (0, "submit", ProjectState.SUBMITTED),
        (2, "approve", ProjectState.APPROVED),
        (9, "fund", ProjectState.FUNDED),
    ]:
        ProjectTransitionFactory(
            project=project,
            action=action,
            to_state=to_state,
            created_at=start + timedelta(days),
            comment="internal note",
        )
    db.session.expire(project, ["transitions"])

    events = project_transparency(project, donor).timeline

    assert [str(event.label) for event in events] == [
        "Submitted for review",
        "Approved",
        "Opened for pledges",
        "Funded",
    ]
    assert {event.subject for event in events} == {None}


def test_the_timeline_is_on_the_page(page_of, project):
    ProjectTransitionFactory(project=project, action="go_live", to_state=ProjectState.LIVE)

    page = page_of(project)

    timeline = page[page.index('id="timeline-heading"') :]
    assert "Opened for pledges" in timeline


def test_the_owners_page_of_a_project_not_yet_public_shows_no_money(login):
    project = DraftProjectFactory()

    page = login(project.created_by).get(f"/manage/projects/{project.slug}").get_data(as_text=True)

    assert "Where the money is" not in page
    assert "Timeline" not in page


def test_the_page_runs_as_many_queries_with_many_pledges_refunds_and_steps(
    login, page_url, project, pledge, gateway, admin
):
    client = login(project.created_by)

    def statements():
        with counting_queries() as executed:
            assert client.get(page_url(slug=project.slug)).status_code == 200
        return len(executed)

    first = pledge(project, 100_00)
    refund_pledge(first, 10_00, "Donor asked", admin, gateway)
    ProjectTransitionFactory(project=project, action="go_live", to_state=ProjectState.LIVE)
    db.session.flush()
    few = statements()

    for _ in range(10):
        refund_pledge(pledge(project, 100_00), 10_00, "Donor asked", admin, gateway)
    disburse(project, 100_00, "disbursement:test")
    ProjectTransitionFactory(project=project, action="fund", to_state=ProjectState.FUNDED)
    db.session.flush()

    assert statements() == few


# Milestones and updates


def _release(project, milestone, reference):
    evidence = VerifiedEvidenceFactory(project=project, milestone=milestone)
    return release_tranche(evidence, TreasurerFactory(), milestone.amount, reference)


@pytest.fixture
def released(donor):
    """A funded project of 120,000 MAD whose first milestone's 60,000 MAD were released."""
    project = FundedProjectFactory()
    give(project, donor, 120_000_00)
    _release(project, project.milestones[0], "VIR-2026-0001")
    return project


def test_released_milestones_show_their_evidence_who_verified_and_who_released(page_of, released):
    first = released.milestones[0]
    disbursement = db.session.scalar(sa.select(Disbursement).filter_by(milestone_id=first.id))

    page = page_of(released)

    assert "Released milestone by milestone" in page
    assert f"MAD60,000.00 on {format_date(disbursement.released_at)} by Omar Alaoui" in page
    assert "by Samira Bennani" in page
    assert first.title in page
    assert "Raised: MAD120,000.00. Released to the project: MAD60,000.00." in page


def test_what_was_released_per_milestone_adds_up_to_the_ledgers_disbursed(released, donor):
    transparency = project_transparency(released, donor)

    released_amounts = [progress.released_amount for progress in transparency.milestones]
    assert released_amounts == [60_000_00, 0]
    assert sum(released_amounts) == project_money(released).disbursed == transparency.flow.released


def test_the_timeline_shows_each_release_and_each_update(page_of, released):
    ProjectUpdateFactory(project=released, title="Water struck at 85 m")

    page = page_of(released)

    timeline = _text(page[page.index('id="timeline-heading"') :])
    assert "Milestone released: Borehole drilled (MAD60,000.00)" in timeline
    assert "Update posted: Water struck at 85 m" in timeline


def test_updates_for_donors_only_reach_the_timeline_of_those_who_may_read_them(released, donor):
    ProjectUpdateFactory(project=released, title="For everyone")
    ProjectUpdateFactory(
        project=released, title="For our donors", visibility=UpdateVisibility.DONORS
    )

    def updates_seen_by(viewer):
        events = project_transparency(released, viewer).timeline
        return {event.subject for event in events if str(event.label) == "Update posted"}

    assert updates_seen_by(AnonymousUserMixin()) == {"For everyone"}
    assert updates_seen_by(UserFactory()) == {"For everyone"}
    assert updates_seen_by(donor) == {"For everyone", "For our donors"}


def test_the_updates_section_is_on_the_page(page_of, released):
    ProjectUpdateFactory(project=released, title="Water struck at 85 m")

    page = page_of(released)

    section = page[page.index('id="updates-heading"') :]
    assert "Water struck at 85 m" in section


def test_the_page_runs_as_many_queries_with_more_milestones_releases_and_updates(
    login, page_url, released
):
    # Past the few updates the page shows, their number is counted: one query, from then on.
    for _ in range(PANEL_LIMIT):
        ProjectUpdateFactory(project=released)
    client = login(released.created_by)

    def statements():
        with counting_queries() as executed:
            assert client.get(page_url(slug=released.slug)).status_code == 200
        return len(executed)

    few = statements()
    second = released.milestones[1]
    _release(released, second, "VIR-2026-0002")
    for position in (3, 4, 5):
        released.milestones.append(
            Milestone(position=position, title=f"Step {position}", amount=1_00, target_date=today())
        )
    for _ in range(4):
        UpdateImageFactory(update=ProjectUpdateFactory(project=released))
    ProjectUpdateFactory(project=released, visibility=UpdateVisibility.DONORS)
    db.session.flush()

    assert statements() == few


@pytest.mark.parametrize("state", [ProjectState.FUNDED, ProjectState.COMPLETED])
def test_the_owners_page_of_a_funded_project_leads_to_its_milestones(login, state):
    project = FundedProjectFactory(state=state)

    page = login(project.created_by).get(f"/manage/projects/{project.slug}").get_data(as_text=True)

    assert f'href="/manage/projects/{project.slug}/milestones">Milestones and evidence</a>' in page


def test_the_owners_page_of_a_live_project_has_no_milestones_link(login, project):
    page = login(project.created_by).get(f"/manage/projects/{project.slug}").get_data(as_text=True)

    assert "Milestones and evidence" not in page
