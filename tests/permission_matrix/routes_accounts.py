"""Expected answers of the accounts routes; see README.md."""

from crowdfund.accounts.tokens import email_verification_token, password_reset_token
from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)

LOGGED_IN = (DONOR, OWNER_OWN, OWNER_OTHER, REVIEWER, ADMIN)


def everyone(status):
    return {ANONYMOUS: status} | dict.fromkeys(LOGGED_IN, status)


def anonymous_only(status):
    """Pages for visitors who are not logged in; everybody else is sent on."""
    return {ANONYMOUS: status} | dict.fromkeys(LOGGED_IN, 302)


def logged_in_only(status):
    """Pages for logged-in users; visitors are sent to the login page."""
    return {ANONYMOUS: 302} | dict.fromkeys(LOGGED_IN, status)


ROUTES = {
    "accounts.register": {"GET": anonymous_only(200), "POST": anonymous_only(200)},
    "accounts.check_inbox": {"GET": everyone(200)},
    # The donor's address is already confirmed: the link says so and moves on.
    "accounts.verify_email": {
        "args": lambda w: {"token": email_verification_token(w.donor)},
        "GET": everyone(302),
        "POST": everyone(302),
    },
    # Every logged-in persona is already confirmed: told so and sent to the profile.
    "accounts.resend_verification": {"POST": logged_in_only(302)},
    "accounts.login": {"GET": anonymous_only(200), "POST": anonymous_only(200)},
    # Without a password given first there is no code to ask for: back to the login page.
    "accounts.second_factor": {"GET": everyone(302), "POST": everyone(302)},
    "accounts.logout": {"POST": everyone(302)},
    "accounts.forgot_password": {"GET": everyone(200), "POST": everyone(200)},
    "accounts.reset_password": {
        "args": lambda w: {"token": password_reset_token(w.donor)},
        "GET": everyone(200),
        "POST": everyone(200),
    },
    "accounts.profile": {"GET": logged_in_only(200), "POST": logged_in_only(200)},
    "accounts.change_password": {"POST": logged_in_only(200)},
    "accounts.change_email": {"POST": logged_in_only(200)},
    # No persona of the world has set up an authenticator app: back to the profile.
    "accounts.reset_second_factor": {"POST": logged_in_only(302)},
}
