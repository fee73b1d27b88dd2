"""The administration pages of matching funds: the list, creating and editing, and who may."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.models import Region
from crowdfund.matching.models import MatchingFund
from tests.catalogue.query_counter import counting_queries
from tests.factories import AdminFactory, ReviewerFactory, UserFactory
from tests.factories.matching import MatchAllocationFactory, MatchingFundFactory


@pytest.fixture
def admin_client(login):
    return login(AdminFactory())


def _region_id(code):
    return db.session.scalar(sa.select(Region.id).filter_by(code=code))


def _form(**changes):
    data = {
        "name": "Fonds de contrepartie MRE",
        "sponsor": "Ministère délégué chargé des MRE",
        "ratio": "1:1",
        "pool_amount": "500 000",
        "cap_per_project": "100 000",
        "cap_per_pledge": "5 000",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "is_active": "y",
        "sectors": ["14031", "11220"],
        "regions": [str(_region_id("R04")), str(_region_id("R11"))],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _funds():
    return db.session.scalars(sa.select(MatchingFund)).all()


def test_the_list_shows_each_pool_used_and_remaining(admin_client):
    fund = MatchingFundFactory(
        name="Fonds de contrepartie MRE",
        pool_amount=50_000_000,
        match_numerator=3,
        match_denominator=1,
        sectors=["14031"],
    )
    MatchAllocationFactory(fund=fund, amount=1_200_000, reversed_amount=200_000)
    MatchAllocationFactory(fund=fund, amount=500_000)

    page = admin_client.get("/admin/matching").get_data(as_text=True)

    assert "Fonds de contrepartie MRE" in page
    assert "3:1" in page
    assert "MAD500,000.00" in page
    assert "MAD15,000.00" in page  # used
    assert "MAD485,000.00" in page  # remaining
    assert "Basic drinking water supply" in page
    assert "Every region" in page
    assert "Matching pledges" in page
    assert f'href="/admin/matching/{fund.id}"' in page


def test_the_list_runs_as_many_queries_for_five_funds_as_for_one(admin_client):
    def statements():
        with counting_queries() as executed:
            assert admin_client.get("/admin/matching").status_code == 200
        return len(executed)

    MatchAllocationFactory(fund=MatchingFundFactory(regions=[db.session.get(Region, 1)]))
    one = statements()
    for _ in range(4):
        MatchAllocationFactory(
            fund=MatchingFundFactory(regions=[db.session.get(Region, 2)], sectors=["11220"])
        )
    assert statements() == one


def test_admin_creates_a_fund(app, login):
    admin = AdminFactory()

    response = login(admin).post("/admin/matching/new", data=_form())

    assert response.status_code == 302
    [fund] = _funds()
    assert fund.name == "Fonds de contrepartie MRE"
    assert fund.sponsor == "Ministère délégué chargé des MRE"
    assert (fund.match_numerator, fund.match_denominator) == (1, 1)
    assert (fund.pool_amount, fund.cap_per_project, fund.cap_per_pledge) == (
        50_000_000,
        10_000_000,
        500_000,
    )
    assert (fund.starts_on, fund.ends_on) == (date(2026, 1, 1), date(2026, 12, 31))
    assert fund.is_active
    assert {region.code for region in fund.regions} == {"R04", "R11"}
    assert fund.sector_codes == ["11220", "14031"]
    assert fund.created_by == admin


def test_blank_caps_regions_and_sectors_mean_none(admin_client):
    response = admin_client.post(
        "/admin/matching/new",
        data=_form(cap_per_project="", cap_per_pledge="", regions=None, sectors=None),
    )

    assert response.status_code == 302
    [fund] = _funds()
    assert (fund.cap_per_project, fund.cap_per_pledge) == (None, None)
    assert (fund.regions, fund.sector_codes) == ([], [])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Give the fund a name."),
        ({"sponsor": ""}, "Name the sponsor."),
        ({"ratio": ""}, "Give the ratio."),
        ({"ratio": "three to one"}, "Write the ratio as two whole numbers"),
        ({"ratio": "0:1"}, "Both numbers of the ratio must be between 1 and 100."),
        ({"ratio": "1:500"}, "Both numbers of the ratio must be between 1 and 100."),
        ({"pool_amount": ""}, "Give the amount the sponsor commits."),
        ({"pool_amount": "-5"}, "Enter an amount that is not negative."),
        ({"pool_amount": "0"}, "The amount must be more than 0 MAD."),
        ({"cap_per_pledge": "abc"}, "Enter an amount in dirhams"),
        ({"cap_per_project": "0"}, "The amount must be more than 0 MAD."),
        ({"cap_per_pledge": "200 000"}, "The cap per pledge cannot exceed the cap per project."),
        ({"starts_on": ""}, "Give the first day pledges are matched."),
        ({"ends_on": "2025-12-31"}, "The last day cannot come before the first day."),
        ({"sectors": ["99999"]}, "not a valid choice"),
        ({"regions": ["999999"]}, "not a valid choice"),
    ],
)
def test_invalid_terms_are_explained_and_nothing_is_saved(admin_client, changes, message):
    response = admin_client.post("/admin/matching/new", data=_form(**changes))

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert _funds() == []


def test_two_funds_cannot_share_a_name(admin_client):
    MatchingFundFactory(name="Fonds de contrepartie MRE")

    response = admin_client.post(
        "/admin/matching/new", data=_form(name="fonds de contrepartie mre")
    )

    assert "Another fund already has this name." in response.get_data(as_text=True)
    assert len(_funds()) == 1


def test_the_edit_form_shows_the_fund_terms(admin_client):
    fund = MatchingFundFactory(
        name="Fonds régional",
        match_numerator=3,
        match_denominator=1,
        pool_amount=30_000_000,
        cap_per_pledge=300_000,
        regions=[db.session.scalar(sa.select(Region).filter_by(code="R04"))],
    )

    page = admin_client.get(f"/admin/matching/{fund.id}").get_data(as_text=True)

    assert 'value="Fonds régional"' in page
    assert 'value="3:1"' in page
    assert 'value="300000"' in page
    assert 'value="3000"' in page
    checked = re.findall(r'<input checked [^>]*name="regions"[^>]*value="(\d+)"', page)
    assert checked == [str(_region_id("R04"))]


def test_admin_edits_a_fund(admin_client):
    fund = MatchingFundFactory(sectors=["14031"])

    response = admin_client.post(
        f"/admin/matching/{fund.id}",
        data=_form(name="Renamed", ratio="1:2", sectors=["11220"], is_active=None),
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert fund.name == "Renamed"
    assert (fund.match_numerator, fund.match_denominator) == (1, 2)
    assert fund.sector_codes == ["11220"]
    assert not fund.is_active


def test_a_pool_cannot_shrink_below_what_is_allocated(admin_client):
    fund = MatchingFundFactory(pool_amount=50_000_000)
    MatchAllocationFactory(fund=fund, amount=30_000_000, reversed_amount=5_000_000)

    refused = admin_client.post(
        f"/admin/matching/{fund.id}", data=_form(name=fund.name, pool_amount="249 999")
    )
    accepted = admin_client.post(
        f"/admin/matching/{fund.id}", data=_form(name=fund.name, pool_amount="250 000")
    )

    assert "MAD250,000 of this pool is already allocated" in refused.get_data(as_text=True)
    assert accepted.status_code == 302
    db.session.expire_all()
    assert fund.pool_amount == 25_000_000


def test_an_unknown_fund_is_not_found(admin_client):
    assert admin_client.get("/admin/matching/999999").status_code == 404


@pytest.mark.parametrize("factory", [UserFactory, ReviewerFactory], ids=["donor", "reviewer"])
def test_only_administrators_manage_funds(login, factory):
    fund = MatchingFundFactory()
    client = login(factory())

    assert client.get("/admin/matching").status_code == 403
    assert client.post("/admin/matching/new", data=_form()).status_code == 403
    assert client.post(f"/admin/matching/{fund.id}", data=_form(name="Taken")).status_code == 403
    db.session.expire_all()
    assert _funds() == [fund]
    assert fund.name != "Taken"


def test_the_sectors_of_a_new_fund_are_named_in_the_admin_language(login):
    admin = AdminFactory(locale="fr")
    db.session.flush()

    page = login(admin).get("/admin/matching/new").get_data(as_text=True)

    assert "14030 — Approvisionnement en eau potable" in page
    assert "Basic drinking water supply and basic sanitation" not in page
