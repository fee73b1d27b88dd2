"""Donors are told by mail what settlement did to their pledge, once, in their language."""

import contextvars
import re
import smtplib
from datetime import timedelta

import pytest
from babel.numbers import format_currency
from flask_babel import format_date, format_datetime

from crowdfund import jobs
from crowdfund.extensions import db
from crowdfund.payments.fake_gateway import (
    PM_DECLINED_AT_CHARGE,
    PM_REQUIRES_AUTHENTICATION,
    PM_SUCCEEDS,
)
from crowdfund.pledges import notices
from crowdfund.pledges.models import PledgeState
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import today, utcnow
from tests.factories import UserFactory
from tests.pledges.helpers import ledger_keys

LINK = re.compile(r"https?://[^/\s\"]+(/pledges/\d+)")


@pytest.fixture
def settle(app):
    """Run `flask campaigns settle` as cron does; the test's objects then show what it wrote."""

    def _settle():
        result = app.test_cli_runner().invoke(args=["campaigns", "settle"])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        return result

    return _settle


@pytest.fixture
def sponsor():
    """Another donor, whose gift alone reaches the goal."""
    return UserFactory(email="karim@example.org")


def close(project):
    """Move the project's end date to yesterday, so that the next settlement closes it."""
    project.start_date, project.end_date = today() - timedelta(days=30), today() - timedelta(days=1)
    db.session.flush()


def mails_to(outbox, user):
    return [message for message in outbox if message.to == [user.email]]


def html(message):
    return message.alternatives[0][0]


def path_of_link(message):
    """The pledge page's path, after checking the text and HTML parts give the same link."""
    text_link, html_link = LINK.search(message.body), LINK.search(html(message))
    assert text_link.group(0) == html_link.group(0)
    return text_link.group(1)


def euros(amount_minor, locale="en"):
    return format_currency(amount_minor / 100, "EUR", locale=locale)


def test_a_donor_charged_at_settlement_is_told_how_much(
    aon_project, pledge, eur_rate, outbox, settle, donor, login
):
    charged = pledge(aon_project, 1_000_00, "EUR")
    close(aon_project)

    result = settle()

    assert charged.state == PledgeState.CAPTURED
    assert "1 donor(s) told by mail" in result.output
    [mail] = mails_to(outbox, donor)
    assert mail.subject == f"{aon_project.title} reached its goal: your card was charged"
    amount = euros(charged.charge_amount)
    assert "reached its goal" in mail.body
    assert amount in mail.body
    assert aon_project.title in html(mail)
    assert amount in html(mail)
    assert login(donor).get(path_of_link(mail)).status_code == 200


def test_a_donor_whose_bank_asks_for_3d_secure_gets_a_link_to_confirm_before_the_deadline(
    aon_project, pledge, eur_rate, outbox, settle, donor, login
):
    waiting = pledge(aon_project, 1_000_00, "EUR", payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)

    settle()

    assert waiting.state == PledgeState.REQUIRES_ACTION
    [mail] = mails_to(outbox, donor)
    assert mail.subject == f"Confirm your payment to {aon_project.title} with your bank"
    deadline = format_datetime(waiting.action_deadline, "long")
    assert f"Confirm it before {deadline}" in mail.body
    assert deadline in html(mail)
    assert path_of_link(mail) == f"/pledges/{waiting.id}"
    page = login(donor).get(path_of_link(mail)).get_data(as_text=True)
    assert 'id="authenticate-form"' in page


def test_a_donor_whose_card_is_declined_may_give_another_one_from_the_link(
    aon_project, pledge, eur_rate, outbox, settle, donor, sponsor, login
):
    pledge(aon_project, 10_000_00, who=sponsor)
    declined = pledge(aon_project, 100_00, "EUR", payment_method=PM_DECLINED_AT_CHARGE)
    close(aon_project)

    settle()

    assert declined.state == PledgeState.FAILED
    [mail] = mails_to(outbox, donor)
    assert mail.subject == (
        f"Your card was declined: give to {aon_project.title} with another card"
    )
    deadline = format_datetime(declined.action_deadline, "long")
    assert "your card was declined" in mail.body
    assert f"You can still give with another card until {deadline}" in mail.body
    assert path_of_link(mail) == f"/pledges/{declined.id}"
    page = login(donor).get(path_of_link(mail)).get_data(as_text=True)
    assert "Use another card" in page
    assert len(mails_to(outbox, sponsor)) == 1  # charged, and told so


def test_donors_of_a_project_that_missed_its_goal_are_told_nothing_was_charged(
    aon_project, pledge, begin, outbox, settle, donor, sponsor
):
    saved = pledge(aon_project, 4_000_00)
    never_saved = begin(aon_project, 1_000_00, who=sponsor)
    close(aon_project)

    settle()

    assert aon_project.state == ProjectState.FAILED
    assert (saved.state, never_saved.state) == (PledgeState.RELEASED, PledgeState.RELEASED)
    for who in (donor, sponsor):
        [mail] = mails_to(outbox, who)
        assert mail.subject == (
            f"{aon_project.title} did not reach its goal: your card was not charged"
        )
        by = format_date(aon_project.end_date, "long")
        assert f"did not reach its goal by {by}. Your card was not charged" in mail.body
        assert by in html(mail)


def test_a_pledge_whose_card_was_never_saved_gets_no_mail_when_the_project_is_funded(
    aon_project, pledge, begin, outbox, settle, donor, sponsor
):
    pledge(aon_project, 10_000_00, who=sponsor)
    forgotten = begin(aon_project, 1_000_00)
    close(aon_project)

    settle()

    assert forgotten.state == PledgeState.RELEASED
    assert mails_to(outbox, donor) == []


def test_a_charge_not_completed_in_time_lapses_and_the_donor_is_told(
    aon_project, pledge, outbox, settle, donor
):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)
    settle()
    waiting.action_deadline = utcnow() - timedelta(seconds=1)
    db.session.flush()
    outbox.clear()

    settle()

    assert waiting.state == PledgeState.LAPSED
    [mail] = mails_to(outbox, donor)
    assert mail.subject == f"Your payment to {aon_project.title} was not completed in time"
    assert "was not completed in time" in mail.body
    assert "nothing was charged" in mail.body


def test_a_donor_is_written_to_in_their_language(aon_project, pledge, eur_rate, outbox, settle):
    french = UserFactory(email="yasmine@example.fr", name="Yasmine", locale="fr")
    charged = pledge(aon_project, 1_000_00, "EUR", who=french)
    close(aon_project)

    settle()

    [mail] = mails_to(outbox, french)
    title = aon_project.title
    assert mail.subject == f"{title} a atteint son objectif : votre carte a été débitée"
    assert mail.body.startswith("Bonjour Yasmine,")
    amount = euros(charged.charge_amount, "fr")  # "1 099,82 €", not "€1,099.82"
    assert f"votre carte a été débitée de {amount}" in mail.body
    assert '<html lang="fr" dir="ltr">' in html(mail)
    assert "Voir ma promesse de don" in html(mail)


def test_a_second_run_sends_nothing_more(aon_project, pledge, outbox, settle, sponsor):
    pledge(aon_project, 10_000_00, who=sponsor)
    pledge(aon_project, 1_000_00, payment_method=PM_DECLINED_AT_CHARGE)
    pledge(aon_project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)
    settle()
    sent = len(outbox)

    again = settle()

    assert sent == 3
    assert len(outbox) == sent
    assert "0 donor(s) told by mail" in again.output


def test_a_mail_that_fails_is_logged_and_neither_undoes_nor_repeats_the_settlement(
    aon_project, pledge, outbox, settle, donor, sponsor, monkeypatch, caplog
):
    lost = pledge(aon_project, 6_000_00)
    told = pledge(aon_project, 6_000_00, who=sponsor)
    close(aon_project)
    real_send = notices.send_email

    def send_unless_to_donor(recipient, *args, **kwargs):
        if recipient.email == donor.email:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(recipient, *args, **kwargs)

    monkeypatch.setattr(notices, "send_email", send_unless_to_donor)

    result = settle()

    assert "1 donor(s) told by mail" in result.output
    assert f"pledge {lost.id}: the captured notice could not be sent" in caplog.text
    assert [message.to for message in outbox] == [[sponsor.email]]
    db.session.rollback()  # what was committed stays
    assert (lost.state, told.state) == (PledgeState.CAPTURED, PledgeState.CAPTURED)
    assert aon_project.raised_amount == 12_000_00
    keys = ledger_keys()

    settle()

    assert len(outbox) == 1
    assert ledger_keys() == keys


def test_the_periodic_job_settles_and_tells_donors(aon_project, pledge, outbox, donor):
    pledge(aon_project, 10_000_00, payment_method=PM_SUCCEEDS)
    close(aon_project)

    results = jobs.run_periodic_jobs()

    assert results["settle campaigns"].endswith("; 1 donor(s) told by mail")
    assert len(mails_to(outbox, donor)) == 1


def test_links_sent_outside_a_request_are_built_on_the_server_name(
    app, aon_project, pledge, outbox, donor, monkeypatch
):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)
    monkeypatch.setitem(app.config, "SERVER_NAME", "twiza.example")

    def settle_as_cron():
        with app.app_context():
            return app.test_cli_runner().invoke(args=["campaigns", "settle"])

    result = contextvars.Context().run(settle_as_cron)

    assert result.exit_code == 0, result.output
    [mail] = mails_to(outbox, donor)
    assert f"http://twiza.example/pledges/{waiting.id}" in mail.body
