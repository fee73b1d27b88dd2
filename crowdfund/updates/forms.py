"""The form of an update: a new one with its images, or a correction of its text."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from crowdfund.forms_base import BaseForm
from crowdfund.updates.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, UpdateVisibility

_ACCEPT_IMAGES = ".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class UpdateForm(BaseForm):
    title = StringField(
        _l("Title"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Give the update a title.")),
            Length(max=TITLE_MAX_LENGTH),
        ],
    )
    body = TextAreaField(
        _l("What is new"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Write what is new.")),
            Length(max=BODY_MAX_LENGTH),
        ],
        render_kw={"rows": 12, "dir": "auto"},
    )
    visibility = RadioField(
        _l("Who can read it"),
        choices=[
            SelectChoice(visibility.value, visibility.label) for visibility in UpdateVisibility
        ],
        coerce=UpdateVisibility,
        default=UpdateVisibility.PUBLIC,
    )
    is_progress_report = BooleanField(_l("This is a progress report"))


class NewUpdateForm(UpdateForm):
    images = MultipleFileField(_l("Images"), render_kw={"accept": _ACCEPT_IMAGES})

    def chosen_images(self):
        """The files chosen; a file input left empty sends one nameless part, which is none."""
        return [upload for upload in self.images.data or [] if upload and upload.filename]
