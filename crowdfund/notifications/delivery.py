"""Send the outbox: each due message once, retried with a growing wait while delivery fails.

Every message is sent in a transaction of its own that locks it (on PostgreSQL
`FOR UPDATE SKIP LOCKED`, so that a second deliverer passes over it; SQLite
lets one writer at a time in) and is marked sent, in that same transaction, only
once the mail server accepted it. This is why delivery commits, one message at
a time, where services only flush: the lock must last exactly as long as the
sending. A crash between the server's answer and the commit is the one way a
message goes twice; it keeps its Message-ID, so mail programs see one message.
"""

import hashlib
import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

import sqlalchemy as sa
from flask import current_app

from crowdfund.extensions import db, mail
from crowdfund.notifications.email import build_message
from crowdfund.notifications.models import OutboxMessage
from crowdfund.timeutil import utcnow

logger = logging.getLogger(__name__)

#: Refusals of one message; any other OSError (smtplib's errors are OSErrors too) means the
#: connection to the server cannot be trusted any more, and the pass stops there.
_MESSAGE_REFUSALS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


class NotAccepted(Exception):
    """The mail backend answered without accepting the message."""


def _connection_lost(error):
    return isinstance(error, OSError) and not isinstance(error, _MESSAGE_REFUSALS)


@dataclass
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    given_up: int = 0

    def __str__(self):
        return f"{self.sent} mail(s) sent, {self.retrying} to retry later, {self.given_up} given up"


def deliver_pending(limit=None):
    """Send the messages that are due, oldest first, at most `limit` (default: a setting).

    Stops at the first failure to reach the server: the messages left are tried
    on the next pass.
    """
    limit = limit or current_app.config["MAIL_OUTBOX_BATCH"]
    report = DeliveryReport()
    connection = mail.get_connection()
    connected = False
    try:
        for _ in range(limit):
            message = _claim_next_due()
            if message is None:
                break
            try:
                if not connected:
                    connection.open()
                    connected = True
                _send(message, connection)
            except Exception as error:
                _record_failure(message, error, report)
                db.session.commit()
                if _connection_lost(error):
                    break
                continue
            message.attempts += 1
            message.sent_at = utcnow()
            message.next_attempt_at = None
            db.session.commit()
            report.sent += 1
    finally:
        db.session.rollback()
        if connected:
            _close_quietly(connection)
    return report


def _claim_next_due():
    """Lock the next due message, skipping those another deliverer holds."""
    return db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= utcnow())
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )


def _send(message, connection):
    email = build_message(
        message.address,
        message.subject,
        message.text_body,
        message.html_body,
        headers=_headers(message),
        connection=connection,
    )
    if email.send() != 1:
        raise NotAccepted("the mail backend did not accept the message")


def _headers(message):
    headers = {
        "Message-ID": _message_id(message),
        # Automatic mail: out-of-office replies must not answer it (RFC 3834).
        "Auto-Submitted": "auto-generated",
    }
    if message.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _message_id(message):
    """The same on every attempt, so a message that did go twice is seen as one."""
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    domain = sender.rpartition("@")[2] or "twiza.ma"
    digest = hashlib.sha256(message.message_key.encode()).hexdigest()[:24]
    return f"<outbox.{message.id}.{digest}@{domain}>"


def retry_delay(attempts):
    """How long to wait after the `attempts`-th failed attempt: doubled each time, capped."""
    config = current_app.config
    seconds = config["MAIL_OUTBOX_RETRY_SECONDS"] * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, config["MAIL_OUTBOX_RETRY_MAX_SECONDS"]))


def _record_failure(message, error, report):
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= current_app.config["MAIL_OUTBOX_MAX_ATTEMPTS"]:
        message.next_attempt_at = None
        report.given_up += 1
        logger.error(
            "mail %s to %s given up after %s attempts: %s",
            message.id,
            message.address,
            message.attempts,
            message.last_error,
        )
    else:
        message.next_attempt_at = utcnow() + retry_delay(message.attempts)
        report.retrying += 1
        logger.warning(
            "mail %s to %s not sent (attempt %s), retried at %s: %s",
            message.id,
            message.address,
            message.attempts,
            message.next_attempt_at,
            message.last_error,
        )


def _close_quietly(connection):
    try:
        connection.close()
    except (OSError, smtplib.SMTPException):
        logger.warning("the connection to the mail server did not close cleanly", exc_info=True)


def retry_given_up():
    """Put every message that was given up back in line with its attempts reset; returns how
    many. For after an outage longer than the retries last."""
    given_up = db.session.scalars(
        sa.select(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at.is_(None)
        )
    ).all()
    for message in given_up:
        message.attempts = 0
        message.next_attempt_at = utcnow()
    db.session.flush()
    return len(given_up)
