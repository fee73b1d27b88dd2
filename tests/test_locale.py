import contextvars

from flask_babel import gettext

from crowdfund.i18n import select_locale


def test_messages_can_be_built_outside_a_request(app):
    """Commands and periodic jobs have no request: they get the default language."""

    def outside_any_request():
        with app.app_context():
            return select_locale(), gettext("Draft")

    # A fresh context: the request context every test runs in is not visible there.
    assert contextvars.Context().run(outside_any_request) == ("en", "Draft")
