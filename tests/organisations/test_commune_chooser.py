"""The region → province → commune chooser, used without JavaScript."""

import re

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from crowdfund.extensions import db
from crowdfund.geography.forms import CommuneChooserMixin
from crowdfund.geography.models import Commune, Province, Region
from crowdfund.organisations.models import Organisation
from tests.factories import UserFactory, any_commune


class PlaceForm(CommuneChooserMixin, FlaskForm):
    pass


def _place_form(**data):
    return PlaceForm(formdata=MultiDict(data), meta={"csrf": False})


def _options(html, field):
    select = re.search(rf'<select[^>]*id="{field}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option([^>]*)>([^<]*)</option>", select)


def _selected(html, field):
    return [label for attributes, label in _options(html, field) if "selected" in attributes]


def _province_in_another_region(province):
    return db.session.scalar(sa.select(Region).where(Region.id != province.region_id).limit(1))


def test_without_a_province_no_commune_is_listed():
    form = _place_form()
    assert [choice.value for choice in form.commune_id.choices] == [""]
    assert len(form.region_id.choices) == 1 + db.session.scalar(
        sa.select(sa.func.count()).select_from(Region)
    )


def test_a_chosen_province_lists_its_communes_only():
    commune = any_commune()
    form = _place_form(province_id=str(commune.province_id))

    listed = {int(choice.value) for choice in form.commune_id.choices if choice.value}
    assert listed == {c.id for c in commune.province.communes}
    assert form.region_id.data == commune.province.region_id


def test_a_region_lists_its_provinces_and_otherwise_all_provinces_are_grouped_by_region():
    region = any_commune().province.region
    narrowed = _place_form(region_id=str(region.id))
    everything = _place_form()

    assert {int(c.value) for c in narrowed.province_id.choices if c.value} == {
        p.id for p in region.provinces
    }
    grouped = [c for c in everything.province_id.choices if c.value]
    assert len(grouped) == db.session.scalar(sa.select(sa.func.count()).select_from(Province))
    assert all(choice.optgroup for choice in grouped)


def test_changing_the_region_forgets_a_province_of_another_region():
    commune = any_commune()
    other_region = _province_in_another_region(commune.province)
    form = _place_form(
        region_id=str(other_region.id),
        province_id=str(commune.province_id),
        commune_id=str(commune.id),
    )

    assert form.region_id.data == other_region.id
    assert form.province_id.data is None
    assert form.commune_id.data is None
    assert not form.validate()
    assert form.commune_id.errors == ["Choose a commune."]


def test_a_commune_outside_the_chosen_province_is_not_accepted():
    commune = any_commune()
    stranger = db.session.scalar(
        sa.select(Commune).where(Commune.province_id != commune.province_id).limit(1)
    )
    form = _place_form(province_id=str(commune.province_id), commune_id=str(stranger.id))

    assert not form.validate()
    assert form.chosen_commune is None


def test_a_valid_path_gives_the_chosen_commune():
    commune = any_commune()
    province = commune.province
    form = _place_form(
        region_id=str(province.region_id), province_id=str(province.id), commune_id=str(commune.id)
    )
    assert form.validate()
    assert form.chosen_commune == commune


@pytest.mark.parametrize("garbage", ["abc", "99999999", "-1"])
def test_nonsense_ids_choose_nothing(garbage):
    form = _place_form(region_id=garbage, province_id=garbage, commune_id=garbage)
    assert form.chosen_commune is None
    assert not form.validate()


def test_show_communes_redisplays_the_form_with_the_communes_and_what_was_typed(login):
    commune = any_commune()

    response = login(UserFactory()).post(
        "/organisations/new",
        data={
            "name": "Coopérative Argan Tamri",
            "province_id": str(commune.province_id),
            "show_communes": "Show communes",
        },
    )

    assert response.status_code == 200
    assert 'value="Coopérative Argan Tamri"' in response.text
    assert len(_options(response.text, "commune_id")) == 1 + len(commune.province.communes)
    assert _selected(response.text, "region_id") == [commune.province.region.name_en]
    assert 'class="error"' not in response.text
    assert db.session.scalars(sa.select(Organisation)).all() == []


def test_the_first_form_lists_regions_and_provinces_but_no_communes(login):
    response = login(UserFactory()).get("/organisations/new")

    assert len(_options(response.text, "commune_id")) == 1
    assert "<optgroup" in response.text
    assert re.search(r'<input[^>]*formnovalidate[^>]*name="show_communes"', response.text)


def test_places_are_named_in_the_language_of_the_page(login):
    commune = any_commune()
    user = UserFactory(locale="ar")

    response = login(user).post(
        "/organisations/new",
        data={"province_id": str(commune.province_id), "show_communes": "1"},
    )

    assert commune.name_ar in response.text
    assert _selected(response.text, "province_id") == [commune.province.name_ar]
