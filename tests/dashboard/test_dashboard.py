"""The donor's dashboard: their pledges with status, match and receipt, and where the money is."""

import html
import re

import pytest
from flask import url_for

from crowdfund.dashboard.services import PLEDGES_PER_PAGE, PROJECTS_DETAILED, where_my_money_is
from crowdfund.extensions import db
from crowdfund.ledger.reading import project_money
from crowdfund.milestones.reading import MilestoneState
from crowdfund.milestones.release import release_tranche
from crowdfund.payments.fake_gateway import PM_DECLINED_AT_CHARGE
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.refunds import refund_pledge
from tests.factories import ProjectFactory
from tests.factories.matching import MatchingFundFactory
from tests.factories.milestones import (
    FundedProjectFactory,
    TreasurerFactory,
    VerifiedEvidenceFactory,
    give,
)
from tests.factories.updates import FollowFactory, ProjectUpdateFactory
from tests.ledger.builders import disburse


def _page(client, **query):
    response = client.get("/dashboard", query_string=query)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _row(page, pledge):
    """The table row of `pledge` on the page."""
    found = re.search(rf'<tr class="pledge-\w+" id="pledge-{pledge.id}">(.*?)</tr>', page, re.S)
    assert found, f"pledge {pledge.id} is not listed"
    return found.group(1)


@pytest.fixture
def giving(donor, project, aon_project, pledge, gateway, eur_rate, admin):
    """Amina's pledges: matched in euros, a saved card, one refunded and one declined."""
    fund = MatchingFundFactory(name="Fonds MRE", pool_amount=5_000_00)
    matched = pledge(project, 100_00, "EUR")
    fund.is_active = False
    saved = pledge(aon_project, 300_00)
    refunded = pledge(project, 200_00)
    refund_pledge(refunded, refunded.captured_mad, "Donor asked", admin, gateway)
    declined = pledge(project, 50_00, payment_method=PM_DECLINED_AT_CHARGE)
    db.session.flush()
    return {
        "fund": fund,
        "matched": matched,
        "saved": saved,
        "refunded": refunded,
        "declined": declined,
    }


def test_the_dashboard_lists_my_pledges_with_status_amounts_match_and_pledge_page(
    login, donor, giving
):
    matched, saved = giving["matched"], giving["saved"]
    refunded, declined = giving["refunded"], giving["declined"]
    assert (matched.state, saved.state, refunded.state, declined.state) == (
        PledgeState.CAPTURED,
        PledgeState.SAVED,
        PledgeState.REFUNDED,
        PledgeState.FAILED,
    )

    page = _page(login(donor))

    assert "4 pledges" in page
    row = _row(page, matched)
    assert matched.project.title in row
    assert "€100.00" in row
    assert "MAD1,085.00" in row
    assert "MAD1,085.00 from Fonds MRE" in row
    assert f"Paid with the processing cost: €{matched.charge_amount / 100:,.2f}" in row
    assert "Paid. Thank you!" in row
    assert f'href="/pledges/{matched.id}"' in row
    row = _row(page, saved)
    assert "MAD300.00" in row
    assert "Your card is saved. It will be charged only if the project reaches its goal." in row
    assert "from Fonds MRE" not in row
    assert "Paid with the processing cost" not in row
    row = _row(page, refunded)
    assert "Refunded." in row
    assert "MAD200.00 refunded" in row
    assert "The payment did not go through." in _row(page, declined)


def test_the_newest_pledge_comes_first(login, donor, giving):
    page = _page(login(donor))

    positions = [page.index(f'id="pledge-{giving[name].id}"') for name in ("declined", "matched")]
    assert positions == sorted(positions)


def test_another_donors_pledges_are_never_shown(login, donor, other_donor, project, pledge):
    mine = pledge(project, 100_00)
    theirs = pledge(project, 777_00, who=other_donor)

    page = _page(login(donor))

    assert f'id="pledge-{mine.id}"' in page
    assert f'id="pledge-{theirs.id}"' not in page
    assert f"/pledges/{theirs.id}" not in page
    assert "MAD777.00" not in page
    assert "1 pledge" in page


def test_someone_who_never_gave_is_invited_to_find_a_project(login, other_donor):
    page = _page(login(other_donor))

    assert "You have not given to a project yet." in page
    assert "Where my money is" not in page


def test_the_pledge_list_is_paginated(login, donor, project, bulk_pledges):
    bulk_pledges(donor, [project], PLEDGES_PER_PAGE + 1)
    client = login(donor)

    first, second = _page(client), _page(client, page=2)

    assert first.count('<tr class="pledge-captured"') == PLEDGES_PER_PAGE
    assert 'href="/dashboard?page=2"' in first
    assert second.count('<tr class="pledge-captured"') == 1
    past_the_end = _page(client, page=9)
    assert "You have not given to a project yet." not in past_the_end
    assert 'href="/dashboard?page=1"' in past_the_end


# Where my money is


def test_my_share_is_my_gifts_less_refunds_against_everything_the_project_raised(
    donor, other_donor, project, pledge, gateway, admin
):
    MatchingFundFactory(pool_amount=5_000_00)
    mine = pledge(project, 1_000_00)
    refund_pledge(mine, 200_00, "Donor asked", admin, gateway)
    pledge(project, 3_000_00, who=other_donor)

    (item,) = where_my_money_is(donor)

    money = project_money(project)
    assert item.project == project
    assert item.given == 800_00
    # The match of 1,000 MAD less its share given back with the refund.
    assert item.matched == 800_00
    assert item.money == money
    assert money.raised == 800_00 + 800_00 + 3_000_00 + 3_000_00
    assert item.share == pytest.approx(800_00 / money.raised)


def test_where_my_money_is_shows_raised_held_and_released_with_my_share(
    login, donor, other_donor, project, pledge
):
    pledge(project, 1_000_00)
    pledge(project, 3_000_00, who=other_donor)
    disburse(project, 1_200_00, "disbursement:test")

    page = _page(login(donor))

    section = page[page.index("Where my money is") :]
    assert project.title in section
    assert (
        "You gave MAD1,000.00 of the MAD4,000.00 the project raised: your share is 25%." in section
    )
    assert (
        "Raised: MAD4,000.00. Released to the project: MAD1,200.00. Held in escrow: MAD2,800.00."
        in section
    )
    assert "(70\xa0% of the money raised)" in section
    assert "(30\xa0% of the money raised)" in section


def test_a_saved_card_not_yet_charged_puts_no_money_anywhere(login, donor, aon_project, pledge):
    pledge(aon_project, 300_00)

    assert where_my_money_is(donor) == []
    assert "Where my money is" not in _page(login(donor))


def test_a_gift_refunded_in_full_is_no_longer_anywhere_in_the_project(
    donor, project, pledge, gateway, admin
):
    refunded = pledge(project, 300_00)
    refund_pledge(refunded, refunded.captured_mad, "Donor asked", admin, gateway)

    assert where_my_money_is(donor) == []


def test_past_the_projects_detailed_a_project_links_to_its_milestones(login, donor, bulk_pledges):
    projects = [ProjectFactory() for _ in range(PROJECTS_DETAILED + 1)]
    bulk_pledges(donor, projects, len(projects))

    items = where_my_money_is(donor)
    page = _page(login(donor))

    assert [bool(item.milestones) for item in items] == [True] * PROJECTS_DETAILED + [False]
    last = page[page.index(f'id="my-project-{items[-1].project.id}"') :]
    assert "See its milestones on the project's page." in last


def test_the_most_recent_project_i_gave_to_comes_first(donor, pledge):
    first, second = ProjectFactory(), ProjectFactory()
    pledge(first, 100_00)
    pledge(second, 100_00)

    assert [item.project for item in where_my_money_is(donor)] == [second, first]


def test_the_navigation_links_to_the_dashboard(login, donor):
    page = login(donor).get("/").get_data(as_text=True)

    assert 'href="/dashboard"' in page
    assert ">My giving<" in page


def test_a_visitor_is_asked_to_log_in(client):
    response = client.get("/dashboard")

    assert response.status_code == 302
    assert "/login" in response.location


def test_a_receipt_is_linked_once_issued(login, donor, giving):
    matched, saved = giving["matched"], giving["saved"]

    page = _page(login(donor))

    receipt_link = f'href="{url_for("receipts.pledge_receipt", pledge_id=matched.id)}"'
    assert receipt_link in _row(page, matched)
    assert f"Receipt {matched.receipt.number}" in _row(page, matched)
    assert "/receipt" not in _row(page, saved)


def test_the_projects_i_follow_and_the_news_of_those_i_gave_to_or_follow(
    login, donor, project, pledge
):
    pledge(project, 100_00)
    followed, unrelated = ProjectFactory(), ProjectFactory()
    FollowFactory(user=donor, project=followed)
    FollowFactory(project=unrelated)
    ProjectUpdateFactory(project=project, title="Water struck at 85 m")
    ProjectUpdateFactory(project=followed, title="The pump is ordered")
    ProjectUpdateFactory(project=unrelated, title="Not my project's news")

    page = _page(login(donor))

    following = page[page.index('id="followed-heading"') :]
    assert followed.title in following
    assert unrelated.title not in following
    feed = page[page.index('id="feed-heading"') : page.index('id="followed-heading"')]
    assert "Water struck at 85 m" in feed
    assert "The pump is ordered" in feed
    assert "Not my project's news" not in feed


def test_where_my_money_is_goes_milestone_by_milestone(login, donor, other_donor):
    project = FundedProjectFactory()
    give(project, donor, 30_000_00)
    give(project, other_donor, 90_000_00)
    first, second = project.milestones
    release_tranche(
        VerifiedEvidenceFactory(project=project, milestone=first),
        TreasurerFactory(),
        first.amount,
        "VIR-2026-0001",
    )

    (item,) = where_my_money_is(donor)
    page = _page(login(donor))

    assert [progress.state for progress in item.milestones] == [
        MilestoneState.RELEASED,
        MilestoneState.PLANNED,
    ]
    assert item.money.disbursed == first.amount == item.milestones[0].released_amount
    assert "your share is 25%." in page
    table = re.search(r'<table class="data-table milestone-money">(.*?)</table>', page, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:]
    assert first.title in rows[0]
    assert "Funds released" in rows[0]
    assert "MAD60,000.00" in rows[0]
    assert second.title in rows[1]
    assert "Planned" in rows[1]
