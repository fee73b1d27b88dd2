"""The emails the accounts domain sends: address verification, password reset links, and
notices of changes to how an account logs in."""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from crowdfund.accounts import tokens
from crowdfund.notifications.email import send_email

SECONDS_PER_DAY = 24 * 3600


def send_verification_email(user):
    token = tokens.email_verification_token(user)
    send_email(
        user,
        "accounts/verify_email",
        _l("Confirm your email address"),
        user.locale,
        link=url_for("accounts.verify_email", token=token, _external=True),
        valid_days=max(1, current_app.config["EMAIL_TOKEN_MAX_AGE"] // SECONDS_PER_DAY),
    )


def send_password_reset_email(user):
    send_email(
        user,
        "accounts/reset_password",
        _l("Choose a new password"),
        user.locale,
        **_reset_link_context(user),
    )


def send_registration_attempt_email(user):
    """Tell the owner of an address that someone tried to open a second account with it."""
    send_email(
        user,
        "accounts/registration_attempt",
        _l("Someone tried to create an account with your email address"),
        user.locale,
        login_link=url_for("accounts.login", _external=True),
        **_reset_link_context(user),
    )


def send_email_changed_notice(user, old_address):
    """Tell the address an account has just left, so that its owner notices a takeover."""
    send_email(
        old_address,
        "accounts/email_changed",
        _l("The email address of your Twiza account was changed"),
        user.locale,
        name=user.name,
        new_email=user.email,
        **_reset_link_context(user),
    )


def send_second_factor_reset_notice(user):
    """Tell the user their authenticator app was let go, in case it was not them."""
    send_email(
        user,
        "accounts/second_factor_reset",
        _l("Your Twiza account no longer uses your authenticator app"),
        user.locale,
        **_reset_link_context(user),
    )


def _reset_link_context(user):
    token = tokens.password_reset_token(user)
    return {
        "reset_link": url_for("accounts.reset_password", token=token, _external=True),
        "valid_minutes": max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 60),
    }
