"""Admins find users, grant and revoke their roles, set their affiliation and (de)activate them."""

import re

import pytest

from crowdfund.accounts.models import Role
from crowdfund.extensions import db
from tests.factories import AdminFactory, ReviewerFactory, UserFactory

TREASURY = "Ministry of Economy and Finance – Treasury"


@pytest.fixture
def admin():
    return AdminFactory(name="Salma Idrissi")


def _save_access(client, user, roles=(), affiliation="", status="active"):
    return client.post(
        f"/admin/users/{user.id}",
        data={"roles": list(roles), "affiliation": affiliation, "status": status},
    )


def test_users_page_lists_accounts_with_their_roles(login, admin):
    ReviewerFactory(name="Nadia Berrada", email="nadia@example.org")
    page = login(admin).get("/admin/users").get_data(as_text=True)
    assert "Nadia Berrada" in page
    assert "nadia@example.org" in page
    assert "Reviewer" in page


def test_users_can_be_searched_by_name_or_email(login, admin):
    UserFactory(name="Youssef El Amrani", email="youssef@example.org")
    UserFactory(name="Leila Chraibi", email="leila@example.net")
    client = login(admin)

    by_name = client.get("/admin/users?q=amrani").get_data(as_text=True)
    by_email = client.get("/admin/users?q=EXAMPLE.NET").get_data(as_text=True)

    assert "Youssef El Amrani" in by_name
    assert "Leila Chraibi" not in by_name
    assert "Leila Chraibi" in by_email
    assert "Youssef El Amrani" not in by_email


def test_search_treats_wildcards_as_plain_text(login, admin):
    UserFactory(name="Omar Alaoui")
    page = login(admin).get("/admin/users?q=%25").get_data(as_text=True)
    assert "Omar Alaoui" not in page
    assert "No account matches this search." in page


def test_users_can_be_filtered_by_role(login, admin):
    ReviewerFactory(name="Nadia Berrada")
    UserFactory(name="Youssef El Amrani")
    page = login(admin).get("/admin/users?role=reviewer").get_data(as_text=True)
    assert "Nadia Berrada" in page
    assert "Youssef El Amrani" not in page


def test_users_list_is_paginated(login, admin):
    for number in range(30):
        UserFactory(name=f"Donor {number:02d}")
    client = login(admin)

    first = client.get("/admin/users?q=donor").get_data(as_text=True)
    second = client.get("/admin/users?q=donor&page=2").get_data(as_text=True)

    assert "Donor 00" in first
    assert "Donor 29" not in first
    assert "Donor 29" in second
    assert "Donor 00" not in second
    assert 'href="/admin/users?page=2&amp;q=donor"' in first


def test_user_page_shows_the_current_access(login, admin):
    reviewer = ReviewerFactory(affiliation=TREASURY)
    page = login(admin).get(f"/admin/users/{reviewer.id}").get_data(as_text=True)
    assert re.search(r'<input checked [^>]*value="reviewer"', page)
    assert not re.search(r'<input checked [^>]*value="admin"', page)
    assert TREASURY in page


def test_admin_grants_a_role_and_the_user_must_log_in_again(login, admin):
    user = UserFactory()
    version = user.session_version

    response = _save_access(login(admin), user, roles=["reviewer"], affiliation=TREASURY)

    assert response.status_code == 302
    db.session.refresh(user)
    assert user.has_role(Role.REVIEWER)
    assert user.affiliation == TREASURY
    assert user.session_version > version
    assert user.role_grants[0].granted_by_id == admin.id


def test_admin_revokes_a_role(login, admin):
    user = ReviewerFactory(roles=[Role.REVIEWER, Role.OWNER])

    _save_access(login(admin), user, roles=["owner"])

    db.session.refresh(user)
    assert not user.has_role(Role.REVIEWER)
    assert user.has_role(Role.OWNER)
    assert user.affiliation is None


def test_admin_deactivates_and_reactivates_an_account(login, admin):
    user = UserFactory()
    client = login(admin)

    _save_access(client, user, status="inactive")
    db.session.refresh(user)
    assert not user.is_active_account

    _save_access(client, user, status="active")
    db.session.refresh(user)
    assert user.is_active_account


def test_deactivated_user_is_logged_out(login, admin):
    user = UserFactory()
    user_client = login(user)
    assert user_client.get("/admin/users").status_code == 403

    _save_access(login(admin), user, status="inactive")

    assert user_client.get("/admin/users").status_code == 302


def test_admin_cannot_remove_their_own_admin_role(login, admin):
    response = _save_access(login(admin), admin, roles=["reviewer"])

    assert response.status_code == 200
    assert "You cannot remove your own administrator role." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.has_role(Role.ADMIN)
    assert not admin.has_role(Role.REVIEWER)


def test_admin_cannot_deactivate_themselves(login, admin):
    response = _save_access(login(admin), admin, roles=["admin"], status="inactive")

    assert response.status_code == 200
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.is_active_account


def test_admin_can_demote_another_admin(login, admin):
    other = AdminFactory()
    _save_access(login(admin), other, roles=[])
    db.session.refresh(other)
    assert not other.has_role(Role.ADMIN)


def test_access_form_without_status_changes_nothing(login, admin):
    user = ReviewerFactory()

    response = login(admin).post(f"/admin/users/{user.id}", data={})

    assert response.status_code == 200
    assert "Choose whether the account is active." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.has_role(Role.REVIEWER)


def test_unknown_user_is_not_found(login, admin):
    assert login(admin).get("/admin/users/999999").status_code == 404
