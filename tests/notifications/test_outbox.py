"""Queueing mail: rendered at once in the recipient's language, kept or lost with its event."""

import pytest
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.notifications.outbox import queue_email
from crowdfund.notifications.preferences import turn_off
from crowdfund.timeutil import utcnow
from tests.factories import UserFactory

RESET = {"reset_link": "http://localhost/reset", "valid_minutes": 60}


def queue(recipient, kind=NotificationKind.UPDATE_POSTED, key=None):
    return queue_email(
        recipient,
        "accounts/reset_password",
        _l("Choose a new password"),
        kind=kind,
        key=key,
        **RESET,
    )


def queued():
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_a_queued_message_is_rendered_and_due_at_once(app):
    user = UserFactory(name="Rachid", email="rachid@example.org")

    message = queue(user)

    assert queued() == [message]
    assert (message.recipient_id, message.address) == (user.id, "rachid@example.org")
    assert message.kind == NotificationKind.UPDATE_POSTED
    assert message.subject == "Choose a new password"
    assert "Hello Rachid," in message.text_body
    assert 'href="http://localhost/reset"' in message.html_body
    assert (message.attempts, message.sent_at) == (0, None)
    assert message.next_attempt_at <= utcnow()


@pytest.mark.parametrize(
    ("locale", "subject", "greeting", "html_tag"),
    [
        (
            "fr",
            "Choisissez un nouveau mot de passe",
            "Bonjour Yasmine,",
            '<html lang="fr" dir="ltr">',
        ),
        ("ar", "اختر كلمة مرور جديدة", "مرحبًا Yasmine،", '<html lang="ar" dir="rtl">'),
    ],
)
def test_a_message_is_written_in_the_recipients_language(app, locale, subject, greeting, html_tag):
    message = queue(UserFactory(name="Yasmine", locale=locale))

    assert message.locale == locale
    assert message.subject == subject
    assert message.text_body.startswith(greeting)
    assert html_tag in message.html_body


def test_the_same_key_is_queued_once(app):
    user = UserFactory()

    first = queue(user, key="pledge:7:captured")
    second = queue(user, key="pledge:7:captured")

    assert second is first
    assert queued() == [first]


def test_a_message_goes_with_its_event_when_the_event_is_rolled_back(app):
    user = UserFactory()

    def failing_event():
        with db.session.begin_nested():
            queue(user, key="event:1")
            raise RuntimeError("the event failed")

    with pytest.raises(RuntimeError):
        failing_event()

    assert queued() == []


def test_a_kind_turned_off_is_not_queued_but_payment_actions_always_are(app):
    user = UserFactory()
    turn_off(user, NotificationKind.UPDATE_POSTED)
    turn_off(user, NotificationKind.PAYMENT_ACTION)

    assert queue(user, NotificationKind.UPDATE_POSTED) is None
    assert queue(user, NotificationKind.MILESTONE_RELEASED) is not None
    assert queue(user, NotificationKind.PAYMENT_ACTION) is not None
    assert [message.kind for message in queued()] == [
        NotificationKind.MILESTONE_RELEASED,
        NotificationKind.PAYMENT_ACTION,
    ]


def test_every_message_to_a_user_has_an_unsubscribe_link_in_both_parts(app):
    message = queue(UserFactory())

    assert message.unsubscribe_url.startswith("http://localhost/unsubscribe/")
    assert message.unsubscribe_url in message.text_body
    assert f'href="{message.unsubscribe_url}"' in message.html_body
    assert "http://localhost/account/notifications" in message.text_body


def test_mail_that_cannot_be_turned_off_has_no_unsubscribe_link(app):
    message = queue(UserFactory(), NotificationKind.PAYMENT_ACTION)

    assert message.unsubscribe_url is None
    assert "/unsubscribe/" not in message.text_body
    assert "/unsubscribe/" not in message.html_body


def test_mail_to_a_bare_address_is_in_the_default_language_without_unsubscribe_link(app):
    message = queue("someone@example.org")

    assert (message.recipient_id, message.address) == (None, "someone@example.org")
    assert message.locale == "en"
    assert message.unsubscribe_url is None
