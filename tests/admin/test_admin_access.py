"""Only administrators reach the administration pages."""

import pytest

from tests.factories import OwnerFactory, ReviewerFactory, UserFactory

ADMIN_PAGES = [
    ("get", "/admin/users"),
    ("get", "/admin/users/{user_id}"),
    ("post", "/admin/users/{user_id}"),
    ("get", "/admin/geography"),
    ("post", "/admin/geography/provinces"),
    ("post", "/admin/geography/communes"),
]


@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
@pytest.mark.parametrize("make_user", [UserFactory, OwnerFactory, ReviewerFactory])
def test_administration_is_forbidden_to_users_who_are_not_admins(login, make_user, method, path):
    user = make_user()
    response = getattr(login(user), method)(path.format(user_id=user.id))
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "path"), ADMIN_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, method, path):
    target = UserFactory()
    response = getattr(client, method)(path.format(user_id=target.id))
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
