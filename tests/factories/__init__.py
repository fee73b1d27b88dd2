"""factory-boy factories that flush into the test's database session."""

from datetime import timedelta

import factory
import sqlalchemy as sa

from crowdfund.accounts.models import Role, User, UserRole
from crowdfund.accounts.passwords import hash_password
from crowdfund.extensions import db
from crowdfund.geography.models import Commune
from crowdfund.organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationMember,
    OrganisationStatus,
)
from crowdfund.projects.models import (
    BudgetLine,
    FundingModel,
    Milestone,
    Project,
    ProjectSDG,
    ProjectState,
)
from crowdfund.timeutil import today, utcnow

DEFAULT_PASSWORD = "a long test passphrase"


class BaseFactory(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "flush"


def any_commune(code="C0001"):
    """A commune from the seeded geography."""
    return db.session.scalar(sa.select(Commune).filter_by(code=code))


def _grant_roles(user, create, roles):
    for role in roles or ():
        user.role_grants.append(UserRole(role=Role(role)))
    if roles and create:
        db.session.flush()


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    country = "FR"
    locale = "en"
    email_verified_at = factory.LazyFunction(utcnow)
    password_hash = factory.LazyFunction(lambda: hash_password(DEFAULT_PASSWORD))

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _grant_roles(user, create, extracted)


class ReviewerFactory(UserFactory):
    name = "Samira Bennani"
    affiliation = "Ministry of Economy and Finance – Treasury"

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _grant_roles(user, create, extracted if extracted is not None else [Role.REVIEWER])


class AdminFactory(UserFactory):
    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _grant_roles(user, create, extracted if extracted is not None else [Role.ADMIN])


class OwnerFactory(UserFactory):
    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        _grant_roles(user, create, extracted if extracted is not None else [Role.OWNER])


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association Tighmert {n}")
    kind = OrganisationKind.ASSOCIATION
    registration_number = factory.Sequence(lambda n: f"REG-{n:05d}")
    commune = factory.LazyFunction(any_commune)
    status = OrganisationStatus.VERIFIED
    submitted_at = factory.LazyFunction(utcnow)
    created_by = factory.SubFactory(OwnerFactory)

    @factory.post_generation
    def members(org, create, extracted, **kwargs):
        """The creator is a member unless a list of members is given."""
        for user in extracted if extracted is not None else [org.created_by]:
            org.members.append(OrganisationMember(user=user))
        if create:
            db.session.flush()


class ProjectFactory(BaseFactory):
    class Meta:
        model = Project

    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SelfAttribute("organisation.created_by")
    slug = factory.Sequence(lambda n: f"well-in-douar-{n}")
    title = factory.Sequence(lambda n: f"Drinking water well for douar {n}")
    summary = "A solar-pumped well bringing drinking water to 60 families."
    description = "## The need\n\nWomen walk **two hours** a day to fetch water."
    sector_code = "14030"
    commune = factory.LazyFunction(any_commune)
    latitude = 31.0
    longitude = -7.9
    goal_amount = 12_000_000
    currency = "MAD"
    raised_amount = 0
    funding_model = FundingModel.FLEXIBLE
    start_date = factory.LazyFunction(lambda: today() - timedelta(days=1))
    end_date = factory.LazyFunction(lambda: today() + timedelta(days=60))
    state = ProjectState.LIVE
    published_at = factory.LazyFunction(utcnow)

    @factory.post_generation
    def sdgs(project, create, extracted, **kwargs):
        for number in extracted if extracted is not None else (6,):
            project.sdg_links.append(ProjectSDG(sdg=number))

    @factory.post_generation
    def plan(project, create, extracted, **kwargs):
        """Budget lines and milestones that add up to the goal."""
        if extracted is False:
            return
        half = project.goal_amount // 2
        project.budget_lines.extend(
            [
                BudgetLine(position=1, label="Drilling", amount=half),
                BudgetLine(
                    position=2, label="Pump and solar panels", amount=project.goal_amount - half
                ),
            ]
        )
        project.milestones.extend(
            [
                Milestone(
                    position=1,
                    title="Borehole drilled",
                    amount=half,
                    target_date=project.end_date + timedelta(days=30),
                ),
                Milestone(
                    position=2,
                    title="Water flowing",
                    amount=project.goal_amount - half,
                    target_date=project.end_date + timedelta(days=90),
                ),
            ]
        )
        if create:
            db.session.flush()
