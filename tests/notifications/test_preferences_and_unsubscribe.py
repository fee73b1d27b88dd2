"""Each person chooses which mail they receive; every mail has a signed one-click unsubscribe."""

import re

import pytest
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crowdfund.extensions import db
from crowdfund.notifications.delivery import deliver_pending
from crowdfund.notifications.models import NotificationKind, NotificationOptOut
from crowdfund.notifications.outbox import queue_email
from crowdfund.notifications.preferences import turned_off_kinds
from crowdfund.notifications.unsubscribe import unsubscribe_token
from tests.factories import UserFactory

OPTIONAL_KINDS = [kind for kind in NotificationKind if kind != NotificationKind.PAYMENT_ACTION]


def opt_outs(user):
    db.session.expire_all()
    return turned_off_kinds(user)


def path(url):
    return re.sub(r"^https?://[^/]+", "", url)


def test_the_preferences_page_ticks_what_i_receive_and_says_what_cannot_be_turned_off(app, login):
    user = UserFactory()
    db.session.add(NotificationOptOut(user_id=user.id, kind=NotificationKind.UPDATE_POSTED))
    db.session.flush()

    page = login(user).get("/account/notifications").get_data(as_text=True)

    assert 'value="update_posted">' in page  # not checked
    assert 'checked id="kinds-0" name="kinds" type="checkbox" value="pledge_confirmed"' in page
    assert 'value="payment_action"' not in page
    assert "These emails cannot be turned off." in page


def test_saving_preferences_turns_off_what_is_unticked(app, login):
    user = UserFactory()
    client = login(user)

    response = client.post("/account/notifications", data={"kinds": ["pledge_confirmed"]})

    assert response.status_code == 302
    assert opt_outs(user) == set(OPTIONAL_KINDS) - {NotificationKind.PLEDGE_CONFIRMED}

    client.post("/account/notifications", data={"kinds": [k.value for k in OPTIONAL_KINDS]})

    assert opt_outs(user) == set()


def test_payment_action_mail_cannot_be_turned_off_from_the_form(app, login):
    user = UserFactory()

    response = login(user).post("/account/notifications", data={"kinds": ["payment_action"]})

    assert response.status_code == 200  # not a choice: the form is shown again
    assert opt_outs(user) == set()


def test_the_profile_page_links_to_the_preferences(app, login):
    page = login(UserFactory()).get("/account/profile").get_data(as_text=True)

    assert 'href="/account/notifications"' in page


def test_opening_the_unsubscribe_link_asks_first_and_changes_nothing(app, client):
    user = UserFactory(email="amina@example.org")
    token = unsubscribe_token(user, NotificationKind.UPDATE_POSTED)

    response = client.get(f"/unsubscribe/{token}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "amina@example.org" in page
    assert "A project I follow or gave to posts an update" in page
    assert f'action="/unsubscribe/{token}"' in page
    assert opt_outs(user) == set()


def test_the_button_unsubscribes_from_that_kind_only(app, client):
    user = UserFactory()
    token = unsubscribe_token(user, NotificationKind.UPDATE_POSTED)

    response = client.post(f"/unsubscribe/{token}")

    assert response.status_code == 200
    assert "You will not receive these emails any more" in response.get_data(as_text=True)
    assert opt_outs(user) == {NotificationKind.UPDATE_POSTED}
    assert client.post(f"/unsubscribe/{token}").status_code == 200  # twice is harmless
    assert opt_outs(user) == {NotificationKind.UPDATE_POSTED}


def test_a_mail_program_unsubscribes_with_the_one_click_post_without_csrf_token(
    app, client, monkeypatch
):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = UserFactory()
    token = unsubscribe_token(user, NotificationKind.MILESTONE_RELEASED)

    response = client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert opt_outs(user) == {NotificationKind.MILESTONE_RELEASED}
    # Other forms still need their token.
    assert client.post("/language", data={"language": "fr"}).status_code == 400


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "WzEsInVwZGF0ZV9wb3N0ZWQiXQ.not-the-signature",
    ],
)
def test_a_forged_link_is_refused(app, client, token):
    UserFactory()

    assert client.get(f"/unsubscribe/{token}").status_code == 404
    assert client.post(f"/unsubscribe/{token}").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationOptOut)) == 0


def test_a_link_signed_with_another_key_is_refused(app, client, monkeypatch):
    user = UserFactory()
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-key")
    token = unsubscribe_token(user, NotificationKind.UPDATE_POSTED)
    monkeypatch.setitem(app.config, "SECRET_KEY", "test-secret-key")

    assert client.post(f"/unsubscribe/{token}").status_code == 404
    assert opt_outs(user) == set()


def test_there_is_no_link_to_stop_payment_action_mail(app, client):
    user = UserFactory()
    token = unsubscribe_token(user, NotificationKind.PAYMENT_ACTION)

    assert client.post(f"/unsubscribe/{token}").status_code == 404
    assert opt_outs(user) == set()


def test_the_link_and_header_of_a_delivered_mail_unsubscribe_and_the_next_mail_is_not_queued(
    app, client, smtp_server
):
    user = UserFactory()

    def queue_update():
        return queue_email(
            user,
            "accounts/reset_password",
            _l("Choose a new password"),
            kind=NotificationKind.UPDATE_POSTED,
            reset_link="http://localhost/reset",
            valid_minutes=60,
        )

    queue_update()
    deliver_pending()
    [received] = smtp_server.received()
    header_url = received["List-Unsubscribe"].strip()[1:-1]
    text_url = re.search(r"http://\S+/unsubscribe/\S+", received.get_body(("plain",)).get_content())
    assert text_url.group(0) == header_url

    response = client.post(path(header_url), data={"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert opt_outs(user) == {NotificationKind.UPDATE_POSTED}
    assert queue_update() is None
