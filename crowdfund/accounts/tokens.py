"""Signed, time-limited tokens for the links we email: address verification and password reset."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from crowdfund.accounts.models import User
from crowdfund.extensions import db

EMAIL_VERIFICATION_SALT = "accounts.verify-email"
PASSWORD_RESET_SALT = "accounts.reset-password"


def _serializer(salt):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _load(token, salt, max_age):
    """The payload of a genuine, unexpired token, or None."""
    try:
        payload = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature:
        return None
    return payload if isinstance(payload, dict) else None


def _user_named_in(payload):
    if payload is None or not isinstance(payload.get("user"), int):
        return None
    return db.session.get(User, payload["user"])


def email_verification_token(user):
    return _serializer(EMAIL_VERIFICATION_SALT).dumps({"user": user.id, "email": user.email})


def user_from_email_verification_token(token):
    """The user whose current address the token confirms, or None."""
    payload = _load(token, EMAIL_VERIFICATION_SALT, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = _user_named_in(payload)
    if user is None or payload.get("email") != user.email:
        return None
    return user


def _password_fingerprint(user):
    """Changes with the password, so a reset link works once; reveals nothing of the hash."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def password_reset_token(user):
    return _serializer(PASSWORD_RESET_SALT).dumps(
        {"user": user.id, "password": _password_fingerprint(user)}
    )


def user_from_password_reset_token(token):
    """The user the token lets choose a new password, or None once used, expired or forged."""
    payload = _load(token, PASSWORD_RESET_SALT, current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = _user_named_in(payload)
    if user is None or payload.get("password") != _password_fingerprint(user):
        return None
    return user
