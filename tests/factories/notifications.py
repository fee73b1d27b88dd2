"""Factories for mail waiting in the outbox, without rendering a template."""

import factory

from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.timeutil import utcnow
from tests.factories import BaseFactory


class OutboxMessageFactory(BaseFactory):
    """A message due now, as `queue_email` leaves it."""

    class Meta:
        model = OutboxMessage

    message_key = factory.Sequence(lambda n: f"test:{n}")
    recipient_id = None
    address = factory.Sequence(lambda n: f"reader{n}@example.org")
    kind = NotificationKind.UPDATE_POSTED
    locale = "en"
    subject = factory.Sequence(lambda n: f"Message {n}")
    text_body = factory.LazyAttribute(lambda message: f"Text of {message.subject}")
    html_body = factory.LazyAttribute(lambda message: f"<p>HTML of {message.subject}</p>")
    attempts = 0
    next_attempt_at = factory.LazyFunction(utcnow)
