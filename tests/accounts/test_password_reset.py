import time

from itsdangerous import TimestampSigner

from crowdfund.accounts.passwords import verify_password
from crowdfund.accounts.tokens import email_verification_token, password_reset_token
from crowdfund.extensions import db
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.factories.accounts import EnrolledReviewerFactory, UnverifiedUserFactory

NEW_PASSWORD = "cedar forest near azrou"


def choose(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"password": password, "confirm": confirm or password})


def is_logged_in(client):
    return client.get("/account/profile").status_code == 200


def test_forgot_password_answers_the_same_for_known_and_unknown_addresses(client, outbox):
    UserFactory(email="omar@example.org")

    known = client.post("/account/password/forgot", data={"email": "omar@example.org"})
    unknown = client.post("/account/password/forgot", data={"email": "nobody@example.org"})

    assert (known.status_code, known.headers["Location"]) == (
        unknown.status_code,
        unknown.headers["Location"],
    )
    assert [message.to for message in outbox] == [["omar@example.org"]]


def test_reset_link_sets_a_new_password_and_logs_a_donor_in(client, link_to):
    user = UserFactory(email="omar@example.org")
    client.post("/account/password/forgot", data={"email": "omar@example.org"})
    path = link_to("omar@example.org", "/account/password/reset/")

    assert "omar@example.org" in client.get(path).get_data(as_text=True)
    response = choose(client, path)

    assert response.status_code == 302
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert is_logged_in(client)


def test_reset_link_works_only_once(client):
    user = UserFactory()
    path = f"/account/password/reset/{password_reset_token(user)}"
    choose(client, path)

    again = choose(client, path, "another fine passphrase")

    assert again.status_code == 400
    db.session.refresh(user)
    assert verify_password(user.password_hash, NEW_PASSWORD)


def test_reset_link_stops_working_once_the_password_changed_otherwise(client, login):
    user = UserFactory()
    path = f"/account/password/reset/{password_reset_token(user)}"
    login(user).post(
        "/account/password",
        data={
            "current_password": DEFAULT_PASSWORD,
            "password": "changed on the profile",
            "confirm": "changed on the profile",
        },
    )

    assert client.get(path).status_code == 400


def test_reset_ends_every_other_session(client, login):
    user = UserFactory()
    elsewhere = login(user)
    version = user.session_version

    choose(client, f"/account/password/reset/{password_reset_token(user)}")

    db.session.refresh(user)
    assert user.session_version == version + 1
    assert not is_logged_in(elsewhere)


def test_reset_sends_a_reviewer_to_log_in_with_their_second_factor(client):
    reviewer = EnrolledReviewerFactory()

    response = choose(client, f"/account/password/reset/{password_reset_token(reviewer)}")

    assert response.headers["Location"] == "/account/login"
    assert not is_logged_in(client)


def test_reset_confirms_the_address_it_was_sent_to(client):
    user = UnverifiedUserFactory()
    choose(client, f"/account/password/reset/{password_reset_token(user)}")
    db.session.refresh(user)
    assert user.email_verified


def test_new_password_follows_the_rules(client):
    user = UserFactory(email="omar@example.org")
    path = f"/account/password/reset/{password_reset_token(user)}"

    too_short = choose(client, path, "short")
    common = choose(client, path, "iloveyou")
    mismatch = choose(client, path, NEW_PASSWORD, "something else entirely")
    own_email = choose(client, path, "Omar@Example.org")

    assert "Use at least 8 characters." in too_short.get_data(as_text=True)
    assert "too common" in common.get_data(as_text=True)
    assert "do not match" in mismatch.get_data(as_text=True)
    assert "must not be your email address" in own_email.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, DEFAULT_PASSWORD)


def test_expired_reset_link_is_refused(client, app, monkeypatch):
    user = UserFactory()
    issued_long_ago = int(time.time()) - app.config["PASSWORD_RESET_MAX_AGE"] - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: issued_long_ago)
    token = password_reset_token(user)
    monkeypatch.undo()

    assert choose(client, f"/account/password/reset/{token}").status_code == 400


def test_a_verification_token_is_not_a_reset_token(client):
    user = UserFactory()
    assert (
        client.get(f"/account/password/reset/{email_verification_token(user)}").status_code == 400
    )
