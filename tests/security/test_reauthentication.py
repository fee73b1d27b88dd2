"""Changing how one logs in (password, email address, authenticator app) asks for the password.

A session left open on a shared computer, or stolen, must not be enough to take
the account over for good.
"""

import time

import pyotp
import pytest

from crowdfund.accounts.passwords import verify_password
from crowdfund.extensions import db
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.factories.accounts import EnrolledReviewerFactory

NEW_ADDRESS = "fatima.new@example.org"


def change_email(client, email=NEW_ADDRESS, password=DEFAULT_PASSWORD):
    return client.post(
        "/account/email",
        data={"new-email-email": email, "new-email-current_password": password},
    )


def reset_authenticator(client, code, password=DEFAULT_PASSWORD):
    return client.post(
        "/account/second-factor/reset",
        data={"authenticator-code": code, "authenticator-current_password": password},
    )


def current_code(user):
    return pyotp.TOTP(user.totp_secret).at(time.time())


def test_password_change_needs_the_current_password(login):
    user = UserFactory()

    response = login(user).post(
        "/account/password",
        data={"current_password": "a guess", "password": "x" * 20, "confirm": "x" * 20},
    )

    assert response.status_code == 200
    assert "Your current password is not correct." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, DEFAULT_PASSWORD)


def test_email_change_needs_the_current_password(login, outbox):
    user = UserFactory(email="fatima@example.org")

    response = change_email(login(user), password="a guess")

    assert response.status_code == 200
    assert "Your current password is not correct." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "fatima@example.org"
    assert outbox == []


def test_email_change_moves_the_account_and_asks_to_confirm_the_new_address(login, outbox):
    user = UserFactory(email="fatima@example.org", name="Fatima Zahra")
    here, elsewhere = login(user), login(user)

    response = change_email(here)

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/profile"
    db.session.refresh(user)
    assert user.email == NEW_ADDRESS
    assert user.email_verified_at is None
    assert {message.to[0] for message in outbox} == {"fatima@example.org", NEW_ADDRESS}
    notice = next(message for message in outbox if message.to == ["fatima@example.org"])
    assert f"changed to {NEW_ADDRESS}" in notice.body
    assert "/account/password/reset/" in notice.body
    confirmation = next(message for message in outbox if message.to == [NEW_ADDRESS])
    assert "/account/verify/" in confirmation.body
    # This session goes on; every other one ended with the old address.
    assert here.get("/account/profile").status_code == 200
    assert elsewhere.get("/account/profile").status_code == 302


def test_email_change_refuses_an_address_another_account_uses(login, outbox):
    UserFactory(email=NEW_ADDRESS)
    user = UserFactory(email="fatima@example.org")

    response = change_email(login(user), email=NEW_ADDRESS.upper())

    assert "Another account uses this email address." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "fatima@example.org"
    assert outbox == []


def test_email_change_to_the_same_address_changes_nothing(login, outbox):
    user = UserFactory(email="fatima@example.org")

    response = change_email(login(user), email="fatima@example.org")

    assert "This is already your email address." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email_verified_at is not None
    assert outbox == []


@pytest.mark.parametrize(
    ("right_password", "right_code"), [(False, True), (True, False), (False, False)]
)
def test_authenticator_reset_needs_the_password_and_a_code(
    login, outbox, right_password, right_code
):
    reviewer = EnrolledReviewerFactory()
    secret = reviewer.totp_secret
    right = current_code(reviewer)
    code = right if right_code else next(c for c in ("000000", "111111") if c != right)

    response = reset_authenticator(
        login(reviewer), code, password=DEFAULT_PASSWORD if right_password else "a guess"
    )

    assert response.status_code == 200
    assert "Your current password or the code is not right." in response.get_data(as_text=True)
    db.session.refresh(reviewer)
    assert reviewer.totp_secret == secret
    assert outbox == []


def test_authenticator_reset_logs_out_and_asks_for_a_new_app_at_next_login(login, client, outbox):
    reviewer = EnrolledReviewerFactory(email="samira@example.org")
    session = login(reviewer)

    response = reset_authenticator(session, current_code(reviewer))

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/login"
    db.session.refresh(reviewer)
    assert reviewer.totp_secret is None
    assert session.get("/account/profile").status_code == 302
    assert [message.to for message in outbox] == [["samira@example.org"]]
    assert "no longer uses the authenticator app" in outbox[0].body
    # The next login offers a new secret to enrol, as a first login does.
    client.post("/account/login", data={"email": reviewer.email, "password": DEFAULT_PASSWORD})
    page = client.get("/account/login/code").get_data(as_text=True)
    assert "<svg" in page


def test_a_user_without_an_authenticator_app_has_nothing_to_reset(login):
    user = UserFactory()

    response = reset_authenticator(login(user), "123456")

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/profile"


def test_the_profile_offers_each_change_with_a_password_field(login):
    page = login(EnrolledReviewerFactory()).get("/account/profile").get_data(as_text=True)

    for action in ("/account/password", "/account/email", "/account/second-factor/reset"):
        form = page.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
        assert 'type="password"' in form, action
        assert 'autocomplete="current-password"' in form, action
