"""The ministry dashboard: who sees it, what it shows, and a fixed number of queries."""

from datetime import timedelta

import pytest

from crowdfund.accounts.models import Role
from crowdfund.pledges.models import PledgeState
from crowdfund.projects.models import ProjectState
from crowdfund.reporting.ageing import queue_ageing
from crowdfund.reporting.charts import LABEL_WIDTH, WIDTH
from crowdfund.timeutil import utcnow
from tests.catalogue.query_counter import counting_queries
from tests.factories import AdminFactory, ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.pledges import PledgeFactory
from tests.factories.review import PendingOrganisationFactory, SubmittedProjectFactory
from tests.ledger.builders import capture, disburse


def _page(client, language=None):
    headers = {"Accept-Language": language} if language else {}
    response = client.get("/ministry", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "make_user",
    [
        ReviewerFactory,
        AdminFactory,
        lambda: UserFactory(roles=[Role.TREASURER]),
    ],
)
def test_reviewers_treasurers_and_administrators_see_the_dashboard(login, make_user):
    assert "Ministry dashboard" in _page(login(make_user()))


@pytest.mark.parametrize("roles", [[], [Role.OWNER]])
def test_donors_and_owners_do_not(login, roles):
    assert login(UserFactory(roles=roles)).get("/ministry").status_code == 403


def test_the_navigation_links_the_dashboard_for_the_ministry_only(login):
    assert "/ministry" in login(UserFactory(roles=[Role.TREASURER])).get("/").get_data(True)
    assert "/ministry" not in login(UserFactory()).get("/").get_data(as_text=True)


def test_the_dashboard_shows_the_money_as_charts_and_as_tables(login):
    project = ProjectFactory(sector_code="11220")
    capture(project, 1_234_500, "capture:dashboard")
    disburse(project, 234_500, "disbursement:dashboard")
    PledgeFactory(
        project=project,
        donor=UserFactory(country="BE"),
        state=PledgeState.CAPTURED,
        captured_mad=1_234_500,
    )

    page = _page(login(ReviewerFactory()))

    assert page.count("<svg") >= 4
    assert 'role="img"' in page
    assert '<title id="chart-region-title">Raised and disbursed by region</title>' in page
    assert '<desc id="chart-region-desc">' in page
    assert "Primary education" in page
    assert "Belgium" in page
    assert '<p class="lead">MAD12,345</p>' in page
    assert '<td class="num">MAD12,345.00</td>' in page
    assert '<td class="num">MAD2,345.00</td>' in page


def test_the_queue_ageing_counts_what_waits_by_how_long(login):
    PendingOrganisationFactory(submitted_at=utcnow() - timedelta(days=20))
    SubmittedProjectFactory(submitted_at=utcnow() - timedelta(days=2))
    SubmittedProjectFactory(submitted_at=utcnow() - timedelta(days=45))

    organisations, projects, evidence = queue_ageing()

    assert (organisations.counts, organisations.oldest_days) == ((0, 0, 1, 0), 20)
    assert (projects.counts, projects.oldest_days) == ((1, 0, 0, 1), 45)
    assert (evidence.counts, evidence.oldest_days) == ((0, 0, 0, 0), None)
    page = _page(login(ReviewerFactory()))
    assert "Review queue ageing" in page
    assert "45 days" in page


def test_overdue_progress_reports_are_listed(login, app):
    late = ProjectFactory(
        title="Well of Aït Ben Haddou",
        published_at=utcnow() - timedelta(days=app.config["REPORT_INTERVAL_DAYS"] + 5),
    )
    ProjectFactory(title="Recent school", published_at=utcnow() - timedelta(days=3))

    page = _page(login(ReviewerFactory()))

    section = page[page.index('id="overdue-heading"') :]
    assert late.title in section
    assert "Recent school" not in section


def test_the_dashboard_runs_as_many_queries_however_much_data(login):
    reviewer = ReviewerFactory()

    def statements():
        with counting_queries() as executed:
            _page(login(reviewer))
        return len(executed)

    ProjectFactory()
    few = statements()
    for number in range(6):
        project = ProjectFactory(state=ProjectState.LIVE)
        capture(project, 10_000 * (number + 1), f"capture:many:{number}")
        PledgeFactory(project=project, state=PledgeState.CAPTURED, captured_mad=10_000)
        SubmittedProjectFactory()
        PendingOrganisationFactory()
    many = statements()

    assert many == few
    assert few <= 20


def test_the_charts_are_mirrored_in_arabic(login):
    capture(ProjectFactory(), 500_000, "capture:arabic")
    label_at_the_left = f'<text x="{LABEL_WIDTH}" y="22.0" text-anchor="end"'
    label_at_the_right = f'<text x="{WIDTH - LABEL_WIDTH}" y="22.0" text-anchor="end"'

    english = _page(login(ReviewerFactory()))
    arabic = _page(login(ReviewerFactory(locale="ar")))

    assert label_at_the_left in english
    assert label_at_the_right not in english
    assert 'dir="rtl"' in arabic
    assert 'direction="rtl"' in arabic
    assert label_at_the_right in arabic
    assert label_at_the_left not in arabic
