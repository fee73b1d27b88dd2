"""Settling a campaign queues, in its own transaction, one mail per pledge outcome, in the
donor's language; the donors of a funded project are all told, none twice."""

import contextvars
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from babel.numbers import format_currency
from flask_babel import format_date, format_datetime

from crowdfund import jobs
from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.payments.fake_gateway import PM_DECLINED_AT_CHARGE, PM_REQUIRES_AUTHENTICATION
from crowdfund.pledges.models import PledgeState
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import today, utcnow
from tests.factories import UserFactory

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


def mails_to(user):
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.recipient_id == user.id)
        .order_by(OutboxMessage.id)
    ).all()


def all_mails():
    return db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()


def path_of_link(mail):
    """The pledge page's path, after checking the text and HTML parts give the same link."""
    text_link, html_link = LINK.search(mail.text_body), LINK.search(mail.html_body)
    assert text_link.group(0) == html_link.group(0)
    return text_link.group(1)


def euros(amount_minor, locale="en"):
    return format_currency(amount_minor / 100, "EUR", locale=locale)


def test_a_donor_charged_at_settlement_is_told_once_how_much(
    aon_project, pledge, eur_rate, settle, donor, login
):
    charged = pledge(aon_project, 1_000_00, "EUR")
    close(aon_project)

    result = settle()

    assert charged.state == PledgeState.CAPTURED
    assert "0 mail(s) to donors queued" in result.output  # the capture queued it
    [mail] = mails_to(donor)
    assert mail.kind == NotificationKind.PLEDGE_CONFIRMED
    assert mail.subject == f"{aon_project.title} reached its goal: your card was charged"
    amount = euros(charged.charge_amount)
    assert f"reached its goal. As promised, your card was charged {amount}" in mail.text_body
    assert amount in mail.html_body
    assert login(donor).get(path_of_link(mail)).status_code == 200


def test_a_donor_whose_bank_asks_for_3d_secure_gets_a_link_to_confirm_before_the_deadline(
    aon_project, pledge, eur_rate, settle, donor, login
):
    waiting = pledge(aon_project, 1_000_00, "EUR", payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)

    settle()

    assert waiting.state == PledgeState.REQUIRES_ACTION
    [mail] = mails_to(donor)
    assert mail.kind == NotificationKind.PAYMENT_ACTION
    assert mail.subject == f"Confirm your payment to {aon_project.title} with your bank"
    deadline = format_datetime(waiting.action_deadline, "long")
    assert f"Confirm it before {deadline}" in mail.text_body
    assert deadline in mail.html_body
    assert mail.unsubscribe_url is None
    page = login(donor).get(path_of_link(mail)).get_data(as_text=True)
    assert 'id="authenticate-form"' in page


def test_a_donor_whose_card_is_declined_may_give_another_one_from_the_link(
    aon_project, pledge, eur_rate, settle, donor, sponsor, login
):
    pledge(aon_project, 10_000_00, who=sponsor)
    declined = pledge(aon_project, 100_00, "EUR", payment_method=PM_DECLINED_AT_CHARGE)
    close(aon_project)

    settle()

    assert declined.state == PledgeState.FAILED
    [mail] = mails_to(donor)
    assert mail.kind == NotificationKind.PAYMENT_ACTION
    assert mail.subject == f"Your card was declined: give to {aon_project.title} with another card"
    deadline = format_datetime(declined.action_deadline, "long")
    assert f"You can still give with another card until {deadline}" in mail.text_body
    page = login(donor).get(path_of_link(mail)).get_data(as_text=True)
    assert "Use another card" in page
    assert [m.kind for m in mails_to(sponsor)] == [NotificationKind.PLEDGE_CONFIRMED]


def test_donors_of_a_project_that_missed_its_goal_are_told_nothing_was_charged(
    aon_project, pledge, begin, settle, donor, sponsor
):
    saved = pledge(aon_project, 4_000_00)
    never_saved = begin(aon_project, 1_000_00, who=sponsor)
    close(aon_project)

    settle()

    assert aon_project.state == ProjectState.FAILED
    assert (saved.state, never_saved.state) == (PledgeState.RELEASED, PledgeState.RELEASED)
    for who in (donor, sponsor):
        [mail] = mails_to(who)
        assert mail.kind == NotificationKind.CAMPAIGN_RESULT
        assert mail.subject == (
            f"{aon_project.title} did not reach its goal: your card was not charged"
        )
        by = format_date(aon_project.end_date, "long")
        assert f"did not reach its goal by {by}. Your card was not charged" in mail.text_body


def test_a_pledge_whose_card_was_never_saved_gets_no_mail_when_the_project_is_funded(
    aon_project, pledge, begin, settle, donor, sponsor
):
    pledge(aon_project, 10_000_00, who=sponsor)
    forgotten = begin(aon_project, 1_000_00)
    close(aon_project)

    settle()

    assert forgotten.state == PledgeState.RELEASED
    assert mails_to(donor) == []


def test_a_charge_not_completed_in_time_lapses_and_the_donor_is_told(
    aon_project, pledge, settle, donor
):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)
    settle()
    waiting.action_deadline = utcnow() - timedelta(seconds=1)
    db.session.flush()

    settle()

    assert waiting.state == PledgeState.LAPSED
    action, lapsed = mails_to(donor)
    assert action.kind == NotificationKind.PAYMENT_ACTION
    assert lapsed.kind == NotificationKind.CAMPAIGN_RESULT
    assert lapsed.subject == f"Your payment to {aon_project.title} was not completed in time"
    assert "nothing was charged" in lapsed.text_body


def test_the_donors_of_a_funded_flexible_project_are_told_once_each(
    project, pledge, settle, donor, sponsor, login
):
    pledge(project, 1_000_00)
    pledge(project, 2_000_00)
    pledge(project, 500_00, who=sponsor)
    before = {who.id: len(mails_to(who)) for who in (donor, sponsor)}
    close(project)

    result = settle()

    assert project.state == ProjectState.FUNDED
    assert "2 mail(s) to donors queued" in result.output
    for who in (donor, sponsor):
        funded = mails_to(who)[before[who.id] :]
        [mail] = funded
        assert mail.kind == NotificationKind.CAMPAIGN_RESULT
        assert mail.subject == f"{project.title} is funded: thank you"
        assert f"http://localhost/projects/{project.slug}" in mail.text_body
    assert f"{project.title} is funded: it raised MAD" in mails_to(donor)[-1].text_body


def test_a_donor_is_written_to_in_their_language(aon_project, pledge, eur_rate, settle):
    french = UserFactory(email="yasmine@example.fr", name="Yasmine", locale="fr")
    charged = pledge(aon_project, 1_000_00, "EUR", who=french)
    close(aon_project)

    settle()

    [mail] = mails_to(french)
    subject = f"{aon_project.title} a atteint son objectif\u00a0: votre carte a été débitée"
    assert mail.subject == subject  # French typography: a no-break space before the colon
    assert mail.text_body.startswith("Bonjour Yasmine,")
    amount = euros(charged.charge_amount, "fr")  # "1 099,82 €", not "€1,099.82"
    assert f"votre carte a été débitée de {amount}" in mail.text_body
    assert '<html lang="fr" dir="ltr">' in mail.html_body
    assert "Voir ma promesse de don" in mail.html_body


def test_a_second_run_queues_nothing_more(aon_project, pledge, settle, sponsor):
    pledge(aon_project, 10_000_00, who=sponsor)
    pledge(aon_project, 1_000_00, payment_method=PM_DECLINED_AT_CHARGE)
    pledge(aon_project, 1_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)
    settle()
    queued = len(all_mails())

    again = settle()

    assert queued == 3
    assert len(all_mails()) == queued
    assert "0 mail(s) to donors queued" in again.output


def test_the_mail_is_committed_with_the_settlement(aon_project, pledge, settle, donor):
    pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)

    settle()
    db.session.rollback()  # what the command committed stays

    assert [mail.kind for mail in mails_to(donor)] == [NotificationKind.PAYMENT_ACTION]


def test_the_periodic_jobs_settle_queue_and_deliver_in_one_pass(
    aon_project, pledge, donor, smtp_server
):
    pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)

    results = jobs.run_periodic_jobs()

    assert results["settle campaigns"].endswith("; 1 mail(s) to donors queued")
    assert results["deliver mail"] == "1 mail(s) sent, 0 to retry later, 0 given up"
    [received] = smtp_server.received()
    assert received["To"] == donor.email
    assert received["Subject"] == f"Confirm your payment to {aon_project.title} with your bank"


def test_links_queued_outside_a_request_are_built_on_the_server_name(
    app, aon_project, pledge, donor, monkeypatch
):
    waiting = pledge(aon_project, 10_000_00, payment_method=PM_REQUIRES_AUTHENTICATION)
    close(aon_project)
    monkeypatch.setitem(app.config, "SERVER_NAME", "twiza.example")

    def settle_as_cron():
        with app.app_context():
            return app.test_cli_runner().invoke(args=["campaigns", "settle"])

    result = contextvars.Context().run(settle_as_cron)

    assert result.exit_code == 0, result.output
    [mail] = mails_to(donor)
    assert f"http://twiza.example/pledges/{waiting.id}" in mail.text_body
