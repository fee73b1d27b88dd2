import pytest

from tests.factories import any_commune
from tests.organisations.uploads import document_uploads


@pytest.fixture
def commune():
    return any_commune()


@pytest.fixture
def registration(commune):
    """A complete registration form for the seeded commune, documents included."""

    def _registration(**overrides):
        province = commune.province
        return {
            "name": "Association Tifawin",
            "kind": "association",
            "registration_number": "RC-4471",
            "region_id": str(province.region_id),
            "province_id": str(province.id),
            "commune_id": str(commune.id),
            "description": "Lights for the douar's school.",
            **document_uploads(),
            **overrides,
        }

    return _registration
