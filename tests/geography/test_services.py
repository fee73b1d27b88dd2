"""Admins add the provinces and communes the seed file lacks."""

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.models import Commune, CommuneKind, Province, ProvinceKind, Region
from crowdfund.geography.services import (
    DuplicateUnitName,
    add_commune,
    add_province,
    provinces_by_region,
)

TINGHIR = {"ar": "تنغير", "fr": "Tinghir", "en": "Tinghir", "es": "Tinerhir"}
TAMEGROUTE = {"ar": "تامكروت", "fr": "Tamegroute", "en": "Tamegroute", "es": "Tamegrut"}


def _region(code):
    return db.session.scalar(sa.select(Region).filter_by(code=code))


def _province(code):
    return db.session.scalar(sa.select(Province).filter_by(code=code))


def test_added_province_gets_a_code_that_cannot_clash_with_the_seed():
    province = add_province(_region("R04"), ProvinceKind.PROVINCE, TINGHIR)

    assert province.code == "PX001"
    assert province.region.code == "R04"
    assert province.name_ar == "تنغير"
    assert province.name_es == "Tinerhir"


def test_province_codes_follow_the_highest_added_one():
    region = _region("R04")
    add_province(region, ProvinceKind.PROVINCE, TINGHIR)
    second = add_province(
        region,
        ProvinceKind.PROVINCE,
        {"ar": "زاكورة", "fr": "Zagora", "en": "Zagora", "es": "Zagora"},
    )
    assert second.code == "PX002"


def test_added_commune_gets_its_own_code():
    commune = add_commune(_province("P002"), CommuneKind.RURAL, TAMEGROUTE)

    assert commune.code == "CX0001"
    assert commune.kind == CommuneKind.RURAL
    assert db.session.scalar(sa.select(Commune).filter_by(code="CX0001")) is commune


def test_province_with_a_french_name_already_used_in_the_region_is_refused():
    region = _region("R08")
    names = {"ar": "الحوز", "fr": "  al   HAOUZ ", "en": "Al Haouz", "es": "Al Haouz"}

    with pytest.raises(DuplicateUnitName, match="Al Haouz"):
        add_province(region, ProvinceKind.PROVINCE, names)


def test_same_province_name_is_allowed_in_another_region():
    names = {"ar": "الحوز", "fr": "Al Haouz", "en": "Al Haouz", "es": "Al Haouz"}
    province = add_province(_region("R04"), ProvinceKind.PROVINCE, names)
    assert province.region.code == "R04"


def test_commune_with_a_french_name_already_used_in_the_province_is_refused():
    with pytest.raises(DuplicateUnitName, match="Asni"):
        add_commune(
            _province("P002"),
            CommuneKind.RURAL,
            {"ar": "أسني", "fr": "asni", "en": "Asni", "es": "Asni"},
        )


@pytest.mark.parametrize("missing", ["ar", "fr", "en", "es"])
def test_every_name_is_required(missing):
    names = {**TINGHIR, missing: "  "}
    with pytest.raises(ValueError, match=missing):
        add_province(_region("R04"), ProvinceKind.PROVINCE, names)


def test_overview_lists_every_region_with_its_provinces_and_commune_counts():
    overview = dict(provinces_by_region())

    assert len(overview) == 12
    assert overview[_region("R04")] == []
    counts = {province.code: count for province, count in overview[_region("R08")]}
    assert counts["P002"] == 40
    assert counts["P035"] == 19


def test_overview_counts_an_added_province_without_communes():
    province = add_province(_region("R04"), ProvinceKind.PROVINCE, TINGHIR)
    add_commune(province, CommuneKind.URBAN, TINGHIR)

    overview = dict(provinces_by_region())

    assert overview[_region("R04")] == [(province, 1)]
