"""A funded project of 120,000 MAD in two milestones of 60,000 MAD, its people and its donors."""

import pytest

from crowdfund.extensions import db
from tests.factories import OrganisationFactory, OwnerFactory, ReviewerFactory, UserFactory
from tests.factories.files import PDF_BYTES, upload
from tests.factories.milestones import FundedProjectFactory, TreasurerFactory, camera_photo, give


@pytest.fixture
def owner():
    return OwnerFactory(name="Fatima Zahra Aït Lahcen")


@pytest.fixture
def project(owner):
    return FundedProjectFactory(organisation=OrganisationFactory(created_by=owner))


@pytest.fixture
def milestones(project):
    return project.milestones


@pytest.fixture
def donors(project):
    """Two donors whose pledges, 70,000 and 50,000 MAD, fill the escrow with the whole goal."""
    amina = UserFactory(name="Amina El Idrissi", email="amina@example.org", locale="fr")
    youssef = UserFactory(name="Youssef El Amrani", email="youssef@example.org")
    give(project, amina, 7_000_000)
    give(project, youssef, 5_000_000)
    db.session.flush()
    return [amina, youssef]


@pytest.fixture
def reviewer():
    return ReviewerFactory(email="nadia@example.org", name="Nadia Berrada")


@pytest.fixture
def treasurer():
    return TreasurerFactory(email="omar@example.org")


@pytest.fixture
def files():
    """The uploads of complete evidence, fresh for each use (an upload is read once); the
    services take them as they are and so does the test client."""

    def _files(photos=1, invoices=1, record=True):
        return {
            "photos": [
                upload(camera_photo(), f"site-{number}.jpg", "image/jpeg")
                for number in range(photos)
            ],
            "invoices": [
                upload(PDF_BYTES, f"invoice-{number}.pdf", "application/pdf")
                for number in range(invoices)
            ],
            "acceptance_record": (
                upload(PDF_BYTES, "acceptance.pdf", "application/pdf") if record else None
            ),
        }

    return _files
