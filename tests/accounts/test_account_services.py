import pytest

from crowdfund.accounts.models import Role
from crowdfund.accounts.passwords import verify_password
from crowdfund.accounts.services import create_user, grant_role, revoke_role
from tests.factories import AdminFactory, ReviewerFactory, UserFactory


def test_create_user_normalises_the_address_and_hashes_the_password():
    user = create_user(" Amal@Example.ORG ", "a good passphrase", " Amal ", "ES", "ar")

    assert user.id is not None
    assert (user.email, user.name, user.country, user.locale) == (
        "amal@example.org",
        "Amal",
        "ES",
        "ar",
    )
    assert verify_password(user.password_hash, "a good passphrase")
    assert not user.email_verified


def test_create_user_can_make_a_verified_account():
    assert create_user(
        "demo@example.org", "a good passphrase", "Demo", "MA", "fr", True
    ).email_verified


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.TREASURER, Role.ADMIN])
def test_granting_a_privileged_role_ends_the_users_sessions(role):
    user, admin = UserFactory(), AdminFactory()
    version = user.session_version

    grant_role(user, role, granted_by=admin)

    assert user.has_role(role)
    assert user.needs_second_factor
    assert user.session_version == version + 1
    assert user.role_grants[0].granted_by_id == admin.id


def test_granting_the_owner_role_keeps_the_users_sessions():
    user = UserFactory()
    version = user.session_version

    grant_role(user, Role.OWNER)

    assert user.has_role(Role.OWNER)
    assert user.session_version == version


def test_granting_a_role_twice_keeps_one_grant():
    user = UserFactory()
    grant_role(user, Role.OWNER)
    grant_role(user, Role.OWNER)
    assert len(user.role_grants) == 1


def test_revoking_a_privileged_role_ends_the_users_sessions():
    reviewer = ReviewerFactory()
    version = reviewer.session_version

    revoke_role(reviewer, Role.REVIEWER)

    assert not reviewer.has_role(Role.REVIEWER)
    assert reviewer.session_version == version + 1


def test_revoking_the_owner_role_keeps_the_users_sessions():
    user = UserFactory(roles=[Role.OWNER])
    version = user.session_version

    revoke_role(user, Role.OWNER)

    assert not user.has_role(Role.OWNER)
    assert user.session_version == version


def test_revoking_a_role_the_user_lacks_changes_nothing():
    user = UserFactory()
    version = user.session_version
    revoke_role(user, Role.ADMIN)
    assert user.session_version == version
