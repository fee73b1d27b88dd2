"""Rate limits on guessing, on an app of its own with the limiter on (3 attempts a minute)."""

import pyotp

from crowdfund.accounts.models import Role
from crowdfund.accounts.services import create_user, grant_role
from crowdfund.extensions import db


def attempt(client, email, address="192.0.2.1"):
    return client.post(
        "/account/login",
        data={"email": email, "password": "wrong password"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_login_attempts_are_limited_per_visitor_address(throttled_app):
    client = throttled_app.test_client()

    answers = [attempt(client, f"person{n}@example.org").status_code for n in range(4)]

    assert answers == [200, 200, 200, 429]
    assert attempt(client, "someone@example.org", address="192.0.2.99").status_code == 200


def test_login_attempts_are_limited_per_account_across_addresses(throttled_app):
    client = throttled_app.test_client()

    answers = [
        attempt(client, "target@example.org", address=f"198.51.100.{n}").status_code
        for n in range(4)
    ]

    assert answers == [200, 200, 200, 429]
    assert "Too many attempts" in attempt(client, "target@example.org").get_data(as_text=True)


def test_second_factor_guesses_are_limited(throttled_app):
    with throttled_app.app_context():
        reviewer = create_user(
            "reviewer@example.org", "a long test passphrase", "Samira", "MA", "fr", verified=True
        )
        grant_role(reviewer, Role.REVIEWER)
        reviewer.totp_secret = pyotp.random_base32()
        db.session.commit()
    client = throttled_app.test_client()
    client.post(
        "/account/login",
        data={"email": "reviewer@example.org", "password": "a long test passphrase"},
    )

    answers = [
        client.post("/account/login/code", data={"code": "000000"}).status_code for _ in range(4)
    ]

    assert answers == [200, 200, 200, 429]
