"""Fixtures for the drafting tests: an owner of a verified organisation and a filled-in form."""

import io
from datetime import timedelta

import pytest

from crowdfund.timeutil import today
from tests.factories import OrganisationFactory, OwnerFactory, any_commune
from tests.factories.files import PDF_BYTES, image_bytes


@pytest.fixture
def owner():
    return OwnerFactory()


@pytest.fixture
def organisation(owner):
    return OrganisationFactory(created_by=owner)


@pytest.fixture
def project_form():
    """The drafting form filled in correctly; `overrides` change fields, or drop them with None."""

    def build(**overrides):
        start = today() + timedelta(days=7)
        end = start + timedelta(days=60)
        data = {
            "title": "Drinking water for Douar Tighmert",
            "summary": "A solar-pumped well for 60 families.",
            "description": "## The need\n\nWomen walk **two hours** a day to fetch water.",
            "sector_code": "14030",
            "sdgs": ["6", "3"],
            "commune_id": str(any_commune().id),
            "latitude": "29.0412",
            "longitude": "-10.0534",
            "goal_amount": "12 000",
            "funding_model": "all_or_nothing",
            "start_date": start.isoformat(),
            "end_date": end.isoformat(),
            "budget_lines-0-label": "Drilling",
            "budget_lines-0-amount": "7 000",
            "budget_lines-1-label": "Pump and solar panels",
            "budget_lines-1-amount": "5 000,00",
            "milestones-0-title": "Borehole drilled",
            "milestones-0-amount": "6000",
            "milestones-0-target_date": (end + timedelta(days=30)).isoformat(),
            "milestones-1-title": "Water flowing",
            "milestones-1-amount": "6 000",
            "milestones-1-target_date": (end + timedelta(days=90)).isoformat(),
            "cover_image": (io.BytesIO(image_bytes("JPEG")), "well.jpg"),
            "commune_approval": (io.BytesIO(PDF_BYTES), "approval.pdf"),
        }
        data.update(overrides)
        return {name: value for name, value in data.items() if value is not None}

    return build
