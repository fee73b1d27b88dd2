"""Fixtures of the failure drills: localstripe and the SMTP server (shared with the payment and
notification tests), and the committed world a drill starts from."""

import pytest

from crowdfund.extensions import db
from crowdfund.projects.models import FundingModel
from tests.factories import DEFAULT_PASSWORD, ProjectFactory, UserFactory
from tests.notifications.conftest import smtp_server  # noqa: F401  (fixture)
from tests.payments.conftest import (  # noqa: F401  (fixtures)
    localstripe_data_file,
    localstripe_url,
)


class World:
    """What a drill starts from, committed: a donor and a live flexible project, by name."""

    def __init__(self, donor_email, project_slug, project_id):
        self.donor_email = donor_email
        self.password = DEFAULT_PASSWORD
        self.project_slug = project_slug
        self.project_id = project_id


@pytest.fixture
def world(committed_app):
    with committed_app.app_context():
        donor = UserFactory(email="amina@example.org", name="Amina El Idrissi")
        project = ProjectFactory(funding_model=FundingModel.FLEXIBLE, goal_amount=1_000_000)
        db.session.commit()
        return World(donor.email, project.slug, project.id)


@pytest.fixture
def database_url(committed_app):
    """The URL of the committed application's database, password included."""
    return committed_app.config["SQLALCHEMY_DATABASE_URI"]
