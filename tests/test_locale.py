from flask_babel import gettext

from crowdfund.i18n import select_locale


def test_messages_can_be_built_outside_a_request(app):
    """Commands and periodic jobs have no request: they get the default language."""
    with app.app_context():
        assert select_locale() == "en"
        assert gettext("Draft") == "Draft"
