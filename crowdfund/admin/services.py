"""Administering accounts: finding users, their roles, affiliation and whether they may log in."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crowdfund.accounts.models import Role, User, UserRole
from crowdfund.accounts.services import end_all_sessions, grant_role, revoke_role
from crowdfund.audit.log import record
from crowdfund.extensions import db

#: Roles an admin grants; every account is a donor without being granted anything.
GRANTABLE_ROLES = (Role.OWNER, Role.REVIEWER, Role.TREASURER, Role.ADMIN)

TREASURY = "Ministry of Economy and Finance – Treasury"
MOROCCANS_ABROAD_MINISTRY = "Ministry Delegate for Moroccans Living Abroad"
DISBURSEMENTS = "Treasury – Disbursements"

#: Institutions reviewers and treasurers usually work for, offered as suggestions.
KNOWN_AFFILIATIONS = (TREASURY, MOROCCANS_ABROAD_MINISTRY, DISBURSEMENTS)


class AccessChangeRefused(ValueError):
    """An admin asked for a change that would lock themselves out."""


def find_users(query="", role=None):
    """A select of users whose name or email contains `query`, holding `role` if given."""
    statement = sa.select(User).order_by(User.name, User.id)
    query = (query or "").strip().lower()
    if query:
        statement = statement.where(
            sa.or_(
                sa.func.lower(User.name).contains(query, autoescape=True),
                User.email.contains(query, autoescape=True),
            )
        )
    if role:
        statement = statement.where(
            User.id.in_(sa.select(UserRole.user_id).where(UserRole.role == role))
        )
    return statement


def update_user_access(user, roles, affiliation, active, admin):
    """Set `user`'s granted roles, affiliation and whether the account is active.

    `admin` is who makes the change; they may not take away their own admin role
    or deactivate themselves, so that the platform always keeps an administrator
    who can undo a mistake.
    """
    roles = set(roles)
    if user.id == admin.id and Role.ADMIN not in roles:
        raise AccessChangeRefused(_l("You cannot remove your own administrator role."))
    if user.id == admin.id and not active:
        raise AccessChangeRefused(_l("You cannot deactivate your own account."))

    before = _audited_access(user)
    for role in GRANTABLE_ROLES:
        if role in roles:
            grant_role(user, role, granted_by=admin)
        else:
            revoke_role(user, role)
    user.affiliation = (affiliation or "").strip() or None
    set_account_active(user, active)
    db.session.flush()
    after = _audited_access(user)
    if after != before:
        record("user.access_changed", user, before=before, after=after, actor=admin)


def _audited_access(user):
    """What an administrator sets on an account, as the audit log keeps it."""
    return {
        "roles": sorted(role.value for role in user.roles),
        "affiliation": user.affiliation,
        "active": user.is_active_account,
    }


def set_account_active(user, active):
    """Allow or stop logins; deactivating also ends every open session of the user."""
    if user.is_active_account == active:
        return
    user.is_active_account = active
    if not active:
        end_all_sessions(user)
