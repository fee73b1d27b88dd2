"""The dashboard's figures come from the ledger and the pledges, summed by the database."""

from datetime import date, datetime, timedelta

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.ledger.models import TransactionKind
from crowdfund.pledges.models import PledgeState
from crowdfund.projects.models import ProjectState
from crowdfund.reporting import figures
from crowdfund.timeutil import utcnow
from tests.factories import ProjectFactory, UserFactory
from tests.factories.pledges import PledgeFactory
from tests.ledger.builders import (
    capture,
    clearing,
    co_fund,
    disburse,
    escrow,
    insert_raw,
    refund,
)


def _commune_in_region(code):
    return db.session.scalar(
        sa.select(Commune).join(Commune.province).join(Province.region).where(Region.code == code)
    )


def _money(project, raised, disbursed=0, key=None):
    key = key or f"capture:{project.id}:{raised}"
    capture(project, raised, key)
    if disbursed:
        disburse(project, disbursed, f"disbursement:{project.id}:{disbursed}")


def test_totals_add_up_the_escrows_and_disbursements_of_every_project():
    first, second = ProjectFactory(), ProjectFactory()
    _money(first, 500_000, disbursed=200_000)
    _money(second, 300_000)
    co_fund(second, 100_000, "co-funding:second")
    refund(second, 50_000, "refund:second")

    totals = figures.totals()

    assert (totals.raised, totals.held, totals.disbursed) == (850_000, 650_000, 200_000)


def test_donors_are_counted_once_and_only_while_they_keep_a_gift():
    amina, youssef, refunded = UserFactory(), UserFactory(), UserFactory()
    for donor in (amina, amina, youssef):
        PledgeFactory(donor=donor, state=PledgeState.CAPTURED, captured_mad=50_000)
    PledgeFactory(
        donor=refunded, state=PledgeState.REFUNDED, captured_mad=50_000, refunded_mad=50_000
    )
    PledgeFactory(donor=UserFactory(), state=PledgeState.SAVED)

    totals = figures.totals()

    assert (totals.donors, totals.pledges) == (2, 3)


def test_projects_are_counted_in_every_state():
    ProjectFactory.create_batch(2, state=ProjectState.LIVE)
    ProjectFactory(state=ProjectState.DRAFT)

    counts = figures.projects_by_state()

    assert list(counts) == list(ProjectState)
    assert (counts[ProjectState.LIVE], counts[ProjectState.DRAFT]) == (2, 1)
    assert counts[ProjectState.COMPLETED] == 0


def test_every_region_is_listed_the_richest_first():
    souss = ProjectFactory(commune=_commune_in_region("R09"))
    oriental = ProjectFactory(commune=_commune_in_region("R02"))
    ProjectFactory(commune=_commune_in_region("R02"))
    ProjectFactory(commune=_commune_in_region("R02"), state=ProjectState.DRAFT)
    _money(souss, 900_000, disbursed=400_000)
    _money(oriental, 100_000)

    shares = figures.by_region()

    assert len(shares) == db.session.scalar(sa.select(sa.func.count()).select_from(Region))
    first, second = shares[:2]
    assert (first.key.code, first.raised, first.disbursed, first.count) == (
        "R09",
        900_000,
        400_000,
        1,
    )
    assert (second.key.code, second.raised, second.disbursed, second.count) == (
        "R02",
        100_000,
        0,
        2,
    )
    assert all(share.raised == 0 and share.count == 0 for share in shares[2:])


def test_sectors_with_public_projects_are_listed_the_richest_first():
    water = ProjectFactory(sector_code="14030")
    school = ProjectFactory(sector_code="11220")
    ProjectFactory(sector_code="31120", state=ProjectState.DRAFT)
    _money(water, 100_000)
    _money(school, 700_000, disbursed=100_000)

    shares = figures.by_sector()

    assert [(share.key, share.raised, share.disbursed, share.count) for share in shares] == [
        ("11220", 700_000, 100_000, 1),
        ("14030", 100_000, 0, 1),
    ]


def test_months_show_what_came_in_and_what_went_out_each_month():
    project = ProjectFactory()
    _money(project, 600_000, disbursed=250_000)
    now = utcnow()
    last_month = (now.replace(day=1) - timedelta(days=1)).replace(hour=12)
    insert_raw(
        TransactionKind.CAPTURE,
        "capture:last-month",
        [(clearing(), -80_000), (escrow(project), 80_000)],
        created_at=last_month,
    )
    insert_raw(
        TransactionKind.CAPTURE,
        "capture:two-years-ago",
        [(clearing(), -1_000), (escrow(project), 1_000)],
        created_at=now - timedelta(days=800),
    )

    months = figures.by_month(now)

    assert len(months) == figures.MONTHS_SHOWN
    assert months[-1].key == date(now.year, now.month, 1)
    assert (months[-1].raised, months[-1].disbursed) == (600_000, 250_000)
    assert months[-2].key == date(last_month.year, last_month.month, 1)
    assert (months[-2].raised, months[-2].disbursed) == (80_000, 0)
    assert sum(month.raised for month in months) == 680_000
    assert [month.key for month in months] == sorted(month.key for month in months)


def test_the_months_end_with_the_month_asked_about():
    months = figures.by_month(datetime(2026, 2, 15), months=3)

    assert [month.key for month in months] == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def test_donor_countries_sum_what_the_projects_keep():
    french = UserFactory(country="FR")
    PledgeFactory(donor=french, state=PledgeState.CAPTURED, captured_mad=300_000)
    PledgeFactory(
        donor=french, state=PledgeState.CAPTURED, captured_mad=200_000, refunded_mad=50_000
    )
    PledgeFactory(donor=UserFactory(country="FR"), state=PledgeState.CAPTURED, captured_mad=1_000)
    PledgeFactory(donor=UserFactory(country="CA"), state=PledgeState.CAPTURED, captured_mad=900_000)
    PledgeFactory(donor=UserFactory(country="ES"), state=PledgeState.SAVED)

    shares = figures.by_donor_country()

    assert [(share.key, share.raised, share.count) for share in shares] == [
        ("CA", 900_000, 1),
        ("FR", 451_000, 2),
    ]
