from flask_babel import lazy_gettext as _l

from crowdfund.notifications.email import send_email
from tests.factories import UserFactory

CONTEXT = {"reset_link": "http://localhost/reset", "valid_minutes": 60}


def test_email_has_a_text_and_an_html_part(app):
    user = UserFactory(name="Rachid", email="rachid@example.org", locale="en")

    message = send_email(user, "accounts/reset_password", _l("Choose a new password"), **CONTEXT)

    assert message.to == ["rachid@example.org"]
    assert message.subject == "Choose a new password"
    assert "Hello Rachid," in message.body
    assert "http://localhost/reset" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://localhost/reset"' in html
    assert "60 minutes" in message.body


def test_email_is_rendered_in_the_language_asked_for(app):
    user = UserFactory(locale="en")

    message = send_email(
        user, "accounts/reset_password", _l("Choose a new password"), "ar", **CONTEXT
    )

    html, _mimetype = message.alternatives[0]
    assert '<html lang="ar" dir="rtl">' in html


def test_email_defaults_to_the_recipients_language(app):
    message = send_email(
        UserFactory(locale="fr"), "accounts/reset_password", _l("Choose a new password"), **CONTEXT
    )
    assert '<html lang="fr" dir="ltr">' in message.alternatives[0][0]


def test_email_text_part_is_not_html_escaped_and_html_part_is(app):
    user = UserFactory(name="Ali <Ben> & Co")

    message = send_email(user, "accounts/reset_password", _l("Choose a new password"), **CONTEXT)

    assert "Hello Ali <Ben> & Co," in message.body
    assert "Ali &lt;Ben&gt; &amp; Co" in message.alternatives[0][0]


def test_email_can_go_to_a_bare_address(app):
    message = send_email(
        "someone@example.org",
        "accounts/reset_password",
        _l("Choose a new password"),
        "en",
        **CONTEXT,
    )
    assert message.to == ["someone@example.org"]
