"""Password rules and hashing: Argon2id, a length range, and no common passwords."""

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common-passwords.txt"


@cache
def common_passwords():
    """The 3,000 most common passwords, lower-cased."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def is_common(password):
    return password.lower() in common_passwords()


def new_password_problem(password, email):
    """Why `password` may not be chosen by the owner of `email`, or None when it may."""
    if len(password) < MIN_LENGTH:
        return lazy_ngettext(
            "Use at least %(num)d character.", "Use at least %(num)d characters.", MIN_LENGTH
        )
    if len(password) > MAX_LENGTH:
        return lazy_ngettext(
            "Use at most %(num)d character.", "Use at most %(num)d characters.", MAX_LENGTH
        )
    if is_common(password):
        return _l("This password is too common and easy to guess. Please choose another.")
    if email and password.strip().lower() == email.strip().lower():
        return _l("Your password must not be your email address.")
    return None


def _hasher():
    config = current_app.config
    return PasswordHasher(
        time_cost=config.get("ARGON2_TIME_COST", 3),
        memory_cost=config.get("ARGON2_MEMORY_COST", 64 * 1024),
        parallelism=config.get("ARGON2_PARALLELISM", 2),
    )


def hash_password(password):
    return _hasher().hash(password)


def verify_password(password_hash, password):
    """Whether `password` matches; also false for a malformed hash."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash):
    return _hasher().check_needs_rehash(password_hash)


@cache
def _dummy_hash_for(params):
    return PasswordHasher(*params).hash("not a real password")


def burn_verification_time(password):
    """Spend as long as a real check, so a missing account cannot be told by timing."""
    hasher = _hasher()
    dummy = _dummy_hash_for((hasher.time_cost, hasher.memory_cost, hasher.parallelism))
    verify_password(dummy, password)
