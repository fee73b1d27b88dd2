"""A captured pledge queues its "pledge confirmed" mail in the capture's own transaction."""

import pytest
import sqlalchemy as sa
from babel.numbers import format_currency
from flask import url_for

from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.notifications.preferences import turn_off
from crowdfund.payments.fake_gateway import PM_REQUIRES_AUTHENTICATION
from crowdfund.pledges.capture import capture
from crowdfund.pledges.models import PledgeState
from tests.factories import UserFactory
from tests.factories.matching import MatchingFundFactory


def confirmations():
    return db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.kind == NotificationKind.PLEDGE_CONFIRMED)
        .order_by(OutboxMessage.id)
    ).all()


def test_a_captured_gift_is_confirmed_with_what_was_paid_and_what_the_project_receives(
    app, project, pledge, eur_rate, donor
):
    fund = MatchingFundFactory(name="Fonds Tiwizi", match_numerator=1, pool_amount=5_000_00)

    done = pledge(project, 100_00, "EUR")

    assert done.state == PledgeState.CAPTURED
    [mail] = confirmations()
    assert (mail.recipient_id, mail.address) == (donor.id, donor.email)
    assert mail.subject == f"Your gift to {project.title} is confirmed"
    paid = format_currency(done.charge_amount / 100, "EUR", locale="en")
    dirhams = format_currency(1_085, "MAD", locale="en")
    for part in (mail.text_body, mail.html_body):
        assert f"your card was charged {paid}" in part
        assert f"The project receives {dirhams}. Thank you!" in part
        assert f"{fund.name} adds {dirhams} to match your gift." in part
        assert f"http://localhost/pledges/{done.id}" in part
        assert "Your receipt is on your pledge page." in part
    assert mail.message_key == f"pledge:{done.id}:captured"


def test_the_receipt_is_linked_where_receipts_are_served(app, project, pledge):
    if "receipts.pledge_receipt" not in app.view_functions:
        pytest.skip("receipts are not served")

    done = pledge(project, 100_00)

    [mail] = confirmations()
    link = url_for("receipts.pledge_receipt", pledge_id=done.id, _external=True)
    assert f"Your receipt is on your pledge page. {link}" in mail.text_body
    assert f'<a href="{link}"' in mail.html_body


def test_without_a_receipt_address_the_mail_points_at_the_pledge_page(
    app, project, pledge, monkeypatch
):
    monkeypatch.delitem(app.view_functions, "receipts.pledge_receipt", raising=False)

    pledge(project, 100_00)

    [mail] = confirmations()
    assert "Your receipt is on your pledge page.\n" in mail.text_body
    assert "/receipt" not in mail.text_body
    assert "/receipt" not in mail.html_body


def test_a_gift_without_a_match_says_nothing_of_a_match(app, project, pledge):
    pledge(project, 100_00)

    [mail] = confirmations()
    assert "to match your gift" not in mail.text_body


def test_a_rolled_back_capture_queues_nothing(app, project, begin, gateway):
    from crowdfund.pledges.services import card_saved

    waiting = card_saved(begin(project, 100_00, payment_method=PM_REQUIRES_AUTHENTICATION), gateway)
    assert waiting.state == PledgeState.REQUIRES_ACTION

    def failing_capture():
        with db.session.begin_nested():
            capture(waiting)
            assert len(confirmations()) == 1
            raise RuntimeError("the capture's transaction fails")

    with pytest.raises(RuntimeError):
        failing_capture()

    assert confirmations() == []


def test_a_capture_seen_twice_is_confirmed_once(app, project, pledge):
    done = pledge(project, 100_00)

    capture(done)

    assert len(confirmations()) == 1


def test_the_confirmation_is_in_the_donors_language(app, project, pledge):
    arabic = UserFactory(name="Salma", locale="ar")

    pledge(project, 100_00, who=arabic)

    [mail] = confirmations()
    assert mail.locale == "ar"
    assert mail.text_body.startswith("مرحبًا Salma،")
    assert '<html lang="ar" dir="rtl">' in mail.html_body


def test_a_donor_who_turned_confirmations_off_gets_none(app, project, pledge, donor):
    turn_off(donor, NotificationKind.PLEDGE_CONFIRMED)

    done = pledge(project, 100_00)

    assert done.state == PledgeState.CAPTURED
    assert confirmations() == []
