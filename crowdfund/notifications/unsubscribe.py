"""Signed one-click unsubscribe links: each names one user and one kind of mail, and never expires.

Mail is read weeks after it was sent, so the link has no age limit; it can only
turn a kind of mail off, which the preferences page can undo.
"""

from flask import current_app, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from crowdfund.notifications.models import NotificationKind

_SALT = "twiza.notifications.unsubscribe"


def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user, kind):
    return _serializer().dumps([user.id, str(kind)])


def read_unsubscribe_token(token):
    """(user id, kind) that `token` was signed for, or None if it is forged or malformed."""
    try:
        user_id, kind = _serializer().loads(token)
        return int(user_id), NotificationKind(kind)
    except (BadSignature, TypeError, ValueError):
        return None


def unsubscribe_url(user, kind):
    """The absolute link to turn `kind` off for `user`; None for mail that cannot be turned off."""
    if not kind.can_be_turned_off:
        return None
    return url_for("notifications.unsubscribe", token=unsubscribe_token(user, kind), _external=True)
