"""The geography page: regions, provinces and their communes, and the forms to add units."""

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.models import Commune, Province, Region
from tests.factories import AdminFactory


@pytest.fixture
def admin_client(login):
    return login(AdminFactory())


def _id_of(model, code):
    return db.session.scalar(sa.select(model.id).filter_by(code=code))


def _names(prefix, ar, fr, en, es):
    return {
        f"{prefix}-name_ar": ar,
        f"{prefix}-name_fr": fr,
        f"{prefix}-name_en": en,
        f"{prefix}-name_es": es,
    }


def test_overview_shows_regions_provinces_and_commune_counts(admin_client):
    page = admin_client.get("/admin/geography").get_data(as_text=True)

    assert 'id="region-R08"' in page
    assert "Al Haouz" in page
    assert "No province or prefecture yet" in page  # Drâa-Tafilalet is missing from the seed
    assert '<td class="num">40</td>' in page


def test_overview_counts_communes_in_one_query(app, admin_client):
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = db.engines[None].engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        assert admin_client.get("/admin/geography").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)

    assert len([s for s in statements if "communes" in s]) == 1


def test_admin_adds_a_province(admin_client):
    data = {
        "province-region": _id_of(Region, "R04"),
        "province-kind": "province",
        **_names("province", "تنغير", "Tinghir", "Tinghir", "Tinerhir"),
    }

    response = admin_client.post("/admin/geography/provinces", data=data)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/admin/geography#region-R04")
    province = db.session.scalar(sa.select(Province).filter_by(name_fr="Tinghir"))
    assert province.code == "PX001"
    assert province.region.code == "R04"


def test_admin_adds_a_commune(admin_client):
    data = {
        "commune-province": _id_of(Province, "P002"),
        "commune-kind": "rural",
        **_names("commune", "إمليل", "Imlil", "Imlil", "Imlil"),
    }

    response = admin_client.post("/admin/geography/communes", data=data)

    assert response.status_code == 302
    commune = db.session.scalar(sa.select(Commune).filter_by(code="CX0001"))
    assert commune.name_fr == "Imlil"
    assert commune.province.code == "P002"


def test_duplicate_province_is_refused_with_a_clear_message(admin_client):
    data = {
        "province-region": _id_of(Region, "R08"),
        "province-kind": "province",
        **_names("province", "الحوز", "Al Haouz", "Al Haouz", "Al Haouz"),
    }

    response = admin_client.post("/admin/geography/provinces", data=data)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Marrakech-Safi already has a province or prefecture named Al Haouz." in page
    assert db.session.scalar(sa.select(sa.func.count()).where(Province.name_fr == "Al Haouz")) == 1


def test_duplicate_commune_is_refused_with_a_clear_message(admin_client):
    data = {
        "commune-province": _id_of(Province, "P002"),
        "commune-kind": "rural",
        **_names("commune", "أسني", "Asni", "Asni", "Asni"),
    }

    response = admin_client.post("/admin/geography/communes", data=data)

    assert response.status_code == 200
    assert "Al Haouz already has a commune named Asni." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Commune).where(Commune.code.startswith("CX"))) is None


def test_province_without_every_name_is_refused(admin_client):
    data = {
        "province-region": _id_of(Region, "R04"),
        "province-kind": "province",
        **_names("province", "", "Tinghir", "Tinghir", "Tinerhir"),
    }

    response = admin_client.post("/admin/geography/provinces", data=data)

    assert response.status_code == 200
    assert 'id="province-name_ar-error"' in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Province).filter_by(name_fr="Tinghir")) is None
