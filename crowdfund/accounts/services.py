"""Operations on accounts: creating users, passwords, verification, second factor, roles.

Every function flushes and leaves the commit to its caller.
"""

from enum import StrEnum

import sqlalchemy as sa

from crowdfund.accounts import passwords, totp
from crowdfund.accounts.models import PRIVILEGED_ROLES, User, UserRole
from crowdfund.extensions import db
from crowdfund.timeutil import utcnow


def normalise_email(email):
    """The form in which addresses are stored and compared."""
    return (email or "").strip().lower()


def find_user_by_email(email):
    return db.session.scalar(sa.select(User).filter_by(email=normalise_email(email)))


def create_user(email, password, name, country, locale, verified=False):
    user = User(
        email=normalise_email(email),
        password_hash=passwords.hash_password(password),
        name=name.strip(),
        country=country,
        locale=locale,
        email_verified_at=utcnow() if verified else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email, password):
    """The active user with this email and password, or None; the time taken says nothing."""
    user = find_user_by_email(email)
    if user is None:
        passwords.burn_verification_time(password)
        return None
    if not passwords.verify_password(user.password_hash, password) or not user.is_active:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
        db.session.flush()
    return user


def end_all_sessions(user):
    """Log the user out everywhere: sessions carry the version they were opened with."""
    user.session_version += 1
    db.session.flush()


def set_password(user, password):
    """Change the password and end every session of the user."""
    user.password_hash = passwords.hash_password(password)
    end_all_sessions(user)


def change_password(user, current_password, new_password):
    """Set a new password if `current_password` is right; say whether it was."""
    if not passwords.verify_password(user.password_hash, current_password):
        return False
    set_password(user, new_password)
    return True


class EmailChange(StrEnum):
    """What became of a request to move an account to another address."""

    CHANGED = "changed"
    WRONG_PASSWORD = "wrong_password"
    SAME_ADDRESS = "same_address"
    ADDRESS_TAKEN = "address_taken"


def change_email(user, current_password, new_email):
    """Move the account to `new_email` if `current_password` is right.

    The new address is unconfirmed until its owner follows the link sent there, and
    every session ends: the address is where password resets go.
    """
    if not passwords.verify_password(user.password_hash, current_password):
        return EmailChange.WRONG_PASSWORD
    new_email = normalise_email(new_email)
    if new_email == user.email:
        return EmailChange.SAME_ADDRESS
    if find_user_by_email(new_email) is not None:
        return EmailChange.ADDRESS_TAKEN
    user.email = new_email
    user.email_verified_at = None
    end_all_sessions(user)
    return EmailChange.CHANGED


def reset_second_factor(user, current_password, code):
    """Forget the user's authenticator app, given the password and a code from that app.

    Every session ends; at the next login the user sets up a new app, as at enrolment.
    Say whether it was done.
    """
    if not passwords.verify_password(user.password_hash, current_password):
        return False
    if not check_second_factor(user, code):
        return False
    user.totp_secret = None
    end_all_sessions(user)
    return True


def reset_password(user, password):
    """Set a password chosen through an emailed link, which also proves the address works."""
    set_password(user, password)
    mark_email_verified(user)


def mark_email_verified(user):
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
        db.session.flush()


def update_profile(user, name, country, locale):
    user.name = name.strip()
    user.country = country
    user.locale = locale
    db.session.flush()


def check_second_factor(user, code, secret=None):
    """Accept a one-time code made with `secret` (default: the user's own) unless already used.

    On success the secret becomes the user's (this completes enrolment) and the
    code's time step is remembered so the same code cannot be replayed.
    """
    secret = secret or user.totp_secret
    step = totp.matching_step(secret, code)
    if step is None:
        return False
    if user.totp_last_used_step is not None and step <= user.totp_last_used_step:
        return False
    user.totp_secret = secret
    user.totp_last_used_step = step
    db.session.flush()
    return True


def grant_role(user, role, granted_by=None):
    """Give `user` a role; a privileged one takes effect at their next two-factor login."""
    if any(grant.role == role for grant in user.role_grants):
        return
    user.role_grants.append(
        UserRole(role=role, granted_by_id=granted_by.id if granted_by else None)
    )
    db.session.flush()
    if role in PRIVILEGED_ROLES:
        end_all_sessions(user)


def revoke_role(user, role):
    grants = [grant for grant in user.role_grants if grant.role == role]
    for grant in grants:
        user.role_grants.remove(grant)
    db.session.flush()
    if grants and role in PRIVILEGED_ROLES:
        end_all_sessions(user)
