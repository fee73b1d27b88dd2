import re

import pytest
from argon2 import PasswordHasher

from crowdfund.accounts.passwords import verify_password
from crowdfund.extensions import db
from tests.factories import DEFAULT_PASSWORD, UserFactory


def log_in(client, email, password=DEFAULT_PASSWORD, **extra):
    return client.post("/account/login", data={"email": email, "password": password, **extra})


def test_login_page_answers(client):
    page = client.get("/account/login").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page


def test_correct_password_logs_the_user_in(client):
    user = UserFactory(email="leila@example.org")

    response = log_in(client, "  Leila@Example.org ")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/account/profile").status_code == 200
    with client.session_transaction() as session:
        assert session["_user_id"] == user.get_id()


def without_email(page, email):
    return page.get_data(as_text=True).replace(email, "")


def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    UserFactory(email="leila@example.org")

    wrong_password = log_in(client, "leila@example.org", "not her password")
    unknown_email = log_in(client, "nobody@example.org", "not her password")

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert "Email or password is incorrect." in wrong_password.get_data(as_text=True)
    assert without_email(wrong_password, "leila@example.org") == without_email(
        unknown_email, "nobody@example.org"
    )
    assert client.get("/account/profile").status_code == 302


def test_unknown_email_still_spends_the_time_of_a_password_check(client, monkeypatch):
    burned = []
    monkeypatch.setattr(
        "crowdfund.accounts.passwords.burn_verification_time", lambda password: burned.append(1)
    )
    log_in(client, "nobody@example.org")
    assert burned == [1]


def test_deactivated_account_cannot_log_in(client):
    UserFactory(email="gone@example.org", is_active_account=False)
    response = log_in(client, "gone@example.org")
    assert "Email or password is incorrect." in response.get_data(as_text=True)


def test_outdated_password_hash_is_upgraded_at_login(client):
    user = UserFactory(
        password_hash=PasswordHasher(time_cost=1, memory_cost=512).hash("old hash pw")
    )
    old_hash = user.password_hash

    log_in(client, user.email, "old hash pw")

    db.session.refresh(user)
    assert user.password_hash != old_hash
    assert verify_password(user.password_hash, "old hash pw")


def test_login_follows_a_local_next_path(client):
    user = UserFactory()
    response = log_in(client, user.email, next="/account/profile?tab=1")
    assert response.headers["Location"] == "/account/profile?tab=1"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)"],
)
def test_login_refuses_to_redirect_off_site(client, target):
    user = UserFactory()
    response = log_in(client, user.email, next=target)
    assert response.headers["Location"] == "/"


def test_next_from_the_address_bar_is_carried_in_the_form(client):
    page = client.get("/account/login?next=/account/profile").get_data(as_text=True)
    assert re.search(r'name="next"[^>]*value="/account/profile"', page)


def test_logged_in_users_are_sent_away_from_the_login_page(login):
    assert login(UserFactory()).get("/account/login").status_code == 302


def test_pages_for_members_send_visitors_to_login_and_back(client):
    response = client.get("/account/profile")
    assert response.headers["Location"] == "/account/login?next=/account/profile"
