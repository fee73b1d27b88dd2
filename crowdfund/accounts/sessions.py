"""How Flask-Login finds the logged-in user from the session."""

from flask_babel import lazy_gettext as _l

from crowdfund.extensions import db


def load_user(session_id):
    """Load the user named by '<id>:<session version>'; an older version means logged out."""
    from crowdfund.accounts.models import User

    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_version != int(version) or not user.is_active:
        return None
    return user


def configure(login_manager):
    login_manager.user_loader(load_user)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def acting_user():
    """The logged-in user itself, not Flask-Login's proxy to it (models need the real object)."""
    from flask_login import current_user

    return current_user._get_current_object()
