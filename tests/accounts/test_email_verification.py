import time

from itsdangerous import TimestampSigner

from crowdfund.accounts.services import find_user_by_email
from crowdfund.accounts.tokens import email_verification_token
from crowdfund.extensions import db
from tests.factories import UserFactory
from tests.factories.accounts import UnverifiedUserFactory


def test_verification_link_asks_for_a_confirmation_then_verifies(client):
    user = UnverifiedUserFactory(email="karim@example.org")
    path = f"/account/verify/{email_verification_token(user)}"

    page = client.get(path)
    db.session.refresh(user)
    assert page.status_code == 200
    assert "karim@example.org" in page.get_data(as_text=True)
    assert not user.email_verified

    response = client.post(path)
    db.session.refresh(user)
    assert response.status_code == 302
    assert user.email_verified


def test_link_mailed_at_registration_verifies_the_new_account(client, link_to):
    client.post(
        "/account/register",
        data={
            "name": "Karim",
            "email": "karim@example.org",
            "password": "argan oil from essaouira",
            "confirm": "argan oil from essaouira",
            "country": "BE",
            "locale": "en",
        },
    )
    client.post(link_to("karim@example.org", "/account/verify/"))

    db.session.expire_all()
    assert find_user_by_email("karim@example.org").email_verified


def test_expired_verification_link_is_refused(client, app, monkeypatch):
    user = UnverifiedUserFactory()
    issued_long_ago = int(time.time()) - app.config["EMAIL_TOKEN_MAX_AGE"] - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: issued_long_ago)
    token = email_verification_token(user)
    monkeypatch.undo()

    response = client.post(f"/account/verify/{token}")

    db.session.refresh(user)
    assert response.status_code == 400
    assert "invalid or has expired" in response.get_data(as_text=True)
    assert not user.email_verified


def test_tampered_verification_link_is_refused(client):
    user = UnverifiedUserFactory()
    token = email_verification_token(user)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    response = client.post(f"/account/verify/{tampered}")

    db.session.refresh(user)
    assert response.status_code == 400
    assert not user.email_verified


def test_verification_link_for_a_former_address_is_refused(client):
    user = UnverifiedUserFactory(email="old@example.org")
    token = email_verification_token(user)
    user.email = "new@example.org"
    db.session.flush()

    assert client.post(f"/account/verify/{token}").status_code == 400


def test_unverified_user_sees_a_notice_with_a_resend_button(login):
    page = login(UnverifiedUserFactory()).get("/account/profile").get_data(as_text=True)
    assert "Please confirm your email address" in page
    assert 'action="/account/resend-confirmation"' in page


def test_verified_user_sees_no_notice(login):
    page = login(UserFactory()).get("/account/profile").get_data(as_text=True)
    assert "Please confirm your email address" not in page


def test_resend_mails_a_new_link_in_the_users_language(login, outbox):
    user = UnverifiedUserFactory(email="nadia@example.org", locale="ar")

    response = login(user).post("/account/resend-confirmation")

    assert response.status_code == 302
    assert [message.to for message in outbox] == [["nadia@example.org"]]
    assert "/account/verify/" in outbox[0].body
    html, _mimetype = outbox[0].alternatives[0]
    assert 'lang="ar" dir="rtl"' in html


def test_resend_to_a_verified_user_sends_nothing(login, outbox):
    login(UserFactory()).post("/account/resend-confirmation")
    assert outbox == []


def test_resend_is_refused_on_get(login):
    assert login(UnverifiedUserFactory()).get("/account/resend-confirmation").status_code == 405
