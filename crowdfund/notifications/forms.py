"""The form of the mail preferences page."""

from flask_babel import lazy_gettext as _l

from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import MultiCheckboxField
from crowdfund.notifications.models import NotificationKind


class PreferencesForm(BaseForm):
    """The kinds of mail that can be turned off; a ticked box means "send me these"."""

    kinds = MultiCheckboxField(_l("Send me an email when"), coerce=NotificationKind)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds.choices = [
            (kind, kind.label) for kind in NotificationKind if kind.can_be_turned_off
        ]
