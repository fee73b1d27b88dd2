"""Values a form can be sent that once broke it: a decimal field left out of a form filled
with a saved float, and a commune id no database key can hold."""

import pytest

from crowdfund.extensions import db
from crowdfund.geography.choices import get_unit
from crowdfund.geography.models import Commune
from tests.factories import any_commune
from tests.factories.projects import DraftProjectFactory


def test_a_draft_saved_without_its_coordinates_is_refused_and_unchanged(login):
    project = DraftProjectFactory(title="Drinking water", latitude=29.0412, longitude=-10.0534)

    response = login(project.created_by).post(
        f"/manage/projects/{project.slug}/edit", data={"title": "Another title"}
    )

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Give the latitude." in page
    assert "Give the longitude." in page
    db.session.expire_all()
    assert (project.title, project.latitude) == ("Drinking water", 29.0412)


@pytest.mark.parametrize("unit_id", [2**31, 2**63, 10**30, -(2**63) - 1, -1, 0, None])
def test_an_id_no_database_key_can_hold_is_no_unit(unit_id):
    assert get_unit(Commune, unit_id) is None


def test_a_real_id_is_its_unit():
    commune = any_commune()
    assert get_unit(Commune, commune.id) == commune


def test_a_huge_commune_id_in_a_form_asks_for_a_commune(login):
    project = DraftProjectFactory()

    response = login(project.created_by).post(
        f"/manage/projects/{project.slug}/edit", data={"commune_id": str(2**64)}
    )

    assert response.status_code == 200
    assert "Choose a commune." in response.get_data(as_text=True)
