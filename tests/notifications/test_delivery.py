"""Delivering the outbox to a real SMTP server: sent once, retried with backoff, never lost."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l

from crowdfund import jobs
from crowdfund.extensions import db
from crowdfund.notifications.delivery import deliver_pending, retry_delay
from crowdfund.notifications.models import NotificationKind
from crowdfund.notifications.outbox import queue_email
from crowdfund.notifications.sink import EmlWriter
from crowdfund.timeutil import utcnow
from tests.factories import UserFactory
from tests.factories.notifications import OutboxMessageFactory


def queue_reset_mail(user, kind=NotificationKind.UPDATE_POSTED):
    return queue_email(
        user,
        "accounts/reset_password",
        _l("Choose a new password"),
        kind=kind,
        reset_link="http://localhost/reset",
        valid_minutes=60,
    )


def make_due(*messages):
    """Let the time of the next attempt come."""
    for message in messages:
        message.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.flush()


def test_a_due_message_is_delivered_with_a_text_and_an_html_part(app, smtp_server):
    user = UserFactory(name="Rachid", email="rachid@example.org", locale="ar")
    message = queue_reset_mail(user)

    report = deliver_pending()

    assert (report.sent, report.retrying, report.given_up) == (1, 0, 0)
    [received] = smtp_server.received()
    assert received["To"] == "rachid@example.org"
    assert received["From"] == "Twiza <no-reply@twiza.ma>"
    assert received["Subject"] == "اختر كلمة مرور جديدة"
    text = received.get_body(("plain",)).get_content()
    html = received.get_body(("html",)).get_content()
    assert text.startswith("مرحبًا Rachid،")
    assert '<html lang="ar" dir="rtl">' in html
    assert message.sent_at is not None
    assert (message.attempts, message.next_attempt_at, message.last_error) == (1, None, None)


def test_delivered_mail_carries_the_one_click_unsubscribe_headers(app, smtp_server):
    message = queue_reset_mail(UserFactory())

    deliver_pending()

    [received] = smtp_server.received()
    assert received["List-Unsubscribe"].strip() == f"<{message.unsubscribe_url}>"
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Message-ID"].startswith(f"<outbox.{message.id}.")


def test_payment_action_mail_has_no_unsubscribe_header(app, smtp_server):
    queue_reset_mail(UserFactory(), NotificationKind.PAYMENT_ACTION)

    deliver_pending()

    [received] = smtp_server.received()
    assert received["List-Unsubscribe"] is None
    assert received["List-Unsubscribe-Post"] is None


def test_a_sent_message_is_never_sent_again(app, smtp_server):
    queue_reset_mail(UserFactory())
    deliver_pending()

    again = deliver_pending()

    assert again.sent == 0
    assert len(smtp_server.received()) == 1


def test_a_message_waits_for_its_time(app, smtp_server):
    later = OutboxMessageFactory(next_attempt_at=utcnow() + timedelta(minutes=5))

    assert deliver_pending().sent == 0
    assert smtp_server.received() == []
    assert later.sent_at is None


def test_when_the_server_is_down_nothing_is_lost_and_it_is_retried_later_once(app, smtp_server):
    message = queue_reset_mail(UserFactory(email="amina@example.org"))
    smtp_server.stop()
    before = utcnow()

    down = deliver_pending()

    assert (down.sent, down.retrying) == (0, 1)
    assert (message.sent_at, message.attempts) == (None, 1)
    assert "ConnectionRefusedError" in message.last_error
    wait = message.next_attempt_at - before
    assert timedelta(seconds=59) <= wait <= timedelta(seconds=61)

    smtp_server.start()
    assert deliver_pending().sent == 0  # not due yet: the server is not hammered
    make_due(message)
    back = deliver_pending()

    assert back.sent == 1
    assert [mail["To"] for mail in smtp_server.received()] == ["amina@example.org"]
    assert message.sent_at is not None
    assert message.attempts == 2
    assert deliver_pending().sent == 0
    assert len(smtp_server.received()) == 1


def test_the_wait_doubles_after_each_failure_up_to_the_longest_wait(app):
    waits = [retry_delay(attempts).total_seconds() for attempts in range(1, 12)]

    assert waits[:5] == [60, 120, 240, 480, 960]
    assert max(waits) == app.config["MAIL_OUTBOX_RETRY_MAX_SECONDS"] == waits[-1]


def test_a_pass_stops_at_the_first_failure_to_reach_the_server(app, smtp_server):
    first, second = OutboxMessageFactory(), OutboxMessageFactory()
    smtp_server.stop()

    report = deliver_pending()

    assert (report.sent, report.retrying) == (0, 1)
    assert (first.attempts, second.attempts) == (1, 0)
    assert second.next_attempt_at <= utcnow()


def test_a_message_the_server_refuses_waits_while_the_others_go(app, smtp_server, monkeypatch):
    async def refuse_one_address(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused@"):
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    monkeypatch.setattr(EmlWriter, "handle_RCPT", refuse_one_address, raising=False)
    smtp_server.stop()
    smtp_server.start()
    refused = OutboxMessageFactory(address="refused@example.org")
    fine = OutboxMessageFactory(address="fine@example.org")

    report = deliver_pending()

    assert (report.sent, report.retrying) == (1, 1)
    assert [mail["To"] for mail in smtp_server.received()] == ["fine@example.org"]
    assert fine.sent_at is not None
    assert refused.sent_at is None
    assert "SMTPRecipientsRefused" in refused.last_error


def test_a_message_is_given_up_after_the_last_attempt_and_stays_visible(
    app, smtp_server, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX_MAX_ATTEMPTS", 3)
    message = OutboxMessageFactory()
    smtp_server.stop()

    reports = [deliver_pending()]
    for _retry in range(2):
        make_due(message)
        reports.append(deliver_pending())

    assert [report.given_up for report in reports] == [0, 0, 1]
    assert message.given_up
    assert message.attempts == 3
    assert "ConnectionRefusedError" in message.last_error

    runner = app.test_cli_runner()
    status = runner.invoke(args=["mail", "status"])
    assert "0 sent, 0 waiting, 1 given up." in status.output
    assert f"#{message.id} update_posted to {message.address}, 3 attempts" in status.output

    smtp_server.start()
    assert deliver_pending().sent == 0
    retried = runner.invoke(args=["mail", "retry"])
    assert "1 message(s) will be tried again." in retried.output
    db.session.expire_all()
    assert deliver_pending().sent == 1
    assert len(smtp_server.received()) == 1


def test_flask_mail_deliver_sends_what_is_due(app, smtp_server):
    OutboxMessageFactory(address="a@example.org")

    result = app.test_cli_runner().invoke(args=["mail", "deliver"])

    assert result.exit_code == 0, result.output
    assert "1 mail(s) sent, 0 to retry later, 0 given up" in result.output
    assert [mail["To"] for mail in smtp_server.received()] == ["a@example.org"]


def test_the_periodic_jobs_deliver_the_outbox(app, smtp_server):
    OutboxMessageFactory(address="a@example.org")

    results = jobs.run_periodic_jobs()

    assert results["deliver mail"] == "1 mail(s) sent, 0 to retry later, 0 given up"
    assert len(smtp_server.received()) == 1


def test_delivery_uses_the_configured_mail_backend(app, outbox):
    OutboxMessageFactory(address="a@example.org", subject="Hello")

    assert deliver_pending().sent == 1
    assert [(mail.to, mail.subject) for mail in outbox] == [(["a@example.org"], "Hello")]
