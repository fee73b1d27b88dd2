"""A live project with the people around it: its owner, a donor, a follower, a stranger."""

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.pledges.models import PledgeState
from tests.factories import AdminFactory, ProjectFactory, ReviewerFactory, UserFactory
from tests.factories.pledges import PledgeFactory
from tests.factories.updates import FollowFactory


@pytest.fixture
def project():
    return ProjectFactory(title="Well for douar Tighmert", slug="well-tighmert")


@pytest.fixture
def owner(project):
    """The member of the project's organisation who created it."""
    return project.organisation.created_by


@pytest.fixture
def donor(project):
    """Someone whose pledge to the project was captured."""
    return give(UserFactory(name="Amina El Idrissi", email="amina@example.org"), project)


@pytest.fixture
def follower(project):
    """Someone who follows the project without having given to it."""
    user = UserFactory(name="Karim Follower", email="karim@example.org")
    FollowFactory(user=user, project=project)
    return user


@pytest.fixture
def stranger():
    return UserFactory(name="Nobody Special")


@pytest.fixture
def reviewer():
    return ReviewerFactory(email="reviewer@example.org")


@pytest.fixture
def admin():
    return AdminFactory(email="admin@example.org")


def give(user, project, state=PledgeState.CAPTURED):
    """A pledge of `user` to `project`, in `state`; returns the user."""
    captured = 50_000 if state in (PledgeState.CAPTURED, PledgeState.REFUNDED) else 0
    refunded = captured if state == PledgeState.REFUNDED else 0
    PledgeFactory(
        project=project, donor=user, state=state, captured_mad=captured, refunded_mad=refunded
    )
    return user


def queued(kind=NotificationKind.UPDATE_POSTED):
    """The messages of `kind` in the outbox, by recipient address."""
    return db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.address)
    ).all()
