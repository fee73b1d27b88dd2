"""Queue mail in the transaction of the event it reports; `delivery` sends it afterwards.

A message written with its event is committed, or rolled back, with it: a
rolled-back event leaves no mail behind, and a committed one cannot lose its
mail when the SMTP server is down.
"""

import uuid

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.exc import IntegrityError

from crowdfund.extensions import db
from crowdfund.notifications.email import render_email
from crowdfund.notifications.models import OutboxMessage
from crowdfund.notifications.preferences import receives
from crowdfund.notifications.unsubscribe import unsubscribe_url
from crowdfund.timeutil import utcnow


def queue_email(recipient, template, subject, *, kind, key=None, **context):
    """Render templates/emails/<template>.txt and .html now, in the recipient's language,
    and add the message to the outbox (flush, no commit).

    `recipient` is a User or an address; `subject` a lazy string; `kind` a
    NotificationKind. `key` names the event and its recipient (e.g.
    "pledge:42:captured"): a message whose key is already queued is not queued
    again, and the one queued first is returned. Returns None when the recipient
    turned this kind of mail off.
    """
    user = recipient if hasattr(recipient, "email") else None
    if user is not None and not receives(user, kind):
        return None
    if key is not None:
        existing = _queued(key)
        if existing is not None:
            return existing
    unsubscribe = unsubscribe_url(user, kind) if user is not None else None
    rendered = render_email(
        recipient,
        template,
        subject,
        unsubscribe_url=unsubscribe,
        preferences_url=(
            url_for("notifications.preferences_page", _external=True) if user is not None else None
        ),
        **context,
    )
    message = OutboxMessage(
        message_key=key or f"{kind}:{uuid.uuid4().hex}",
        recipient_id=user.id if user is not None else None,
        address=rendered.address,
        kind=kind,
        locale=rendered.locale,
        subject=rendered.subject,
        text_body=rendered.text_body,
        html_body=rendered.html_body,
        unsubscribe_url=unsubscribe,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    if key is None:
        db.session.add(message)
        db.session.flush()
        return message
    return _add_once(message)


def _queued(key):
    return db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.message_key == key))


def _add_once(message):
    """Add `message`; if another transaction queued its key meanwhile, return that one instead."""
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        return _queued(message.message_key)
    return message
