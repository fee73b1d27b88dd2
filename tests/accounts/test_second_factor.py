import time

import pyotp
import pytest

from crowdfund.accounts import pending_login
from crowdfund.extensions import db
from tests.factories import DEFAULT_PASSWORD, AdminFactory, ReviewerFactory
from tests.factories.accounts import EnrolledReviewerFactory


def give_password(client, user, **extra):
    return client.post(
        "/account/login", data={"email": user.email, "password": DEFAULT_PASSWORD, **extra}
    )


def give_code(client, code):
    return client.post("/account/login/code", data={"code": code})


def is_logged_in(client):
    return client.get("/account/profile").status_code == 200


def candidate_secret(client):
    with client.session_transaction() as session:
        return session[pending_login.SESSION_KEY]["candidate_secret"]


def code_for(secret, steps_ahead=0):
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def test_password_alone_does_not_log_a_reviewer_in(client):
    response = give_password(client, EnrolledReviewerFactory())

    assert response.headers["Location"] == "/account/login/code"
    assert not is_logged_in(client)


def test_reviewer_without_an_app_is_shown_a_qr_code_and_the_key(client):
    reviewer = ReviewerFactory(email="samira@example.org")
    give_password(client, reviewer)

    page = client.get("/account/login/code").get_data(as_text=True)

    secret = candidate_secret(client)
    assert "<svg" in page
    assert secret in page
    assert client.get("/account/login/code").get_data(as_text=True).count(secret) == 1
    db.session.refresh(reviewer)
    assert reviewer.totp_secret is None


def test_enrolment_stores_the_secret_once_a_valid_code_is_given(client):
    reviewer = ReviewerFactory()
    give_password(client, reviewer, next="/account/profile")
    client.get("/account/login/code")
    secret = candidate_secret(client)

    response = give_code(client, code_for(secret))

    assert response.headers["Location"] == "/account/profile"
    assert is_logged_in(client)
    db.session.refresh(reviewer)
    assert reviewer.totp_secret == secret


def test_wrong_code_is_refused(client):
    reviewer = EnrolledReviewerFactory()
    give_password(client, reviewer)
    wrong = str((int(code_for(reviewer.totp_secret)) + 500_000) % 1_000_000).zfill(6)

    response = give_code(client, wrong)

    assert response.status_code == 200
    assert "This code is not right" in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_wrong_code_during_enrolment_stores_nothing(client):
    reviewer = ReviewerFactory()
    give_password(client, reviewer)
    client.get("/account/login/code")

    give_code(client, "12345x")

    db.session.refresh(reviewer)
    assert reviewer.totp_secret is None
    assert not is_logged_in(client)


def test_a_code_cannot_be_used_twice(client, app):
    reviewer = EnrolledReviewerFactory()
    code = code_for(reviewer.totp_secret)
    give_password(client, reviewer)
    give_code(client, code)
    assert is_logged_in(client)

    replay = app.test_client()
    give_password(replay, reviewer)
    refused = give_code(replay, code)

    assert "This code is not right" in refused.get_data(as_text=True)
    assert not is_logged_in(replay)
    give_code(replay, code_for(reviewer.totp_secret, steps_ahead=1))
    assert is_logged_in(replay)


def test_code_from_the_previous_time_step_is_still_accepted(client):
    reviewer = EnrolledReviewerFactory()
    give_password(client, reviewer)
    give_code(client, code_for(reviewer.totp_secret, steps_ahead=-1))
    assert is_logged_in(client)


def test_pending_login_expires_after_five_minutes(client):
    reviewer = EnrolledReviewerFactory()
    give_password(client, reviewer)
    with client.session_transaction() as session:
        pending = session[pending_login.SESSION_KEY]
        session[pending_login.SESSION_KEY] = pending | {
            "since": pending["since"] - pending_login.LIFETIME - 1
        }

    response = give_code(client, code_for(reviewer.totp_secret))

    assert response.headers["Location"] == "/account/login"
    assert not is_logged_in(client)


def test_password_change_cancels_a_pending_login(client):
    reviewer = EnrolledReviewerFactory()
    give_password(client, reviewer)
    reviewer.session_version += 1
    db.session.flush()

    give_code(client, code_for(reviewer.totp_secret))

    assert not is_logged_in(client)


def test_code_page_without_a_password_sends_to_login(client):
    assert client.get("/account/login/code").headers["Location"] == "/account/login"


@pytest.mark.parametrize("factory", [AdminFactory, EnrolledReviewerFactory])
def test_privileged_roles_need_the_second_factor(client, factory):
    give_password(client, factory())
    assert not is_logged_in(client)
