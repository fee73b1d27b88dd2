"""The forms reviewers record co-funding with."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from crowdfund.cofunding.models import InstitutionKind
from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import MoneyField, PositiveAmount


def _kind_or_none(value):
    """The kind `value` names; None when blank or unknown, so that one message says what to do."""
    try:
        return InstitutionKind(value) if value else None
    except ValueError:
        return None


class CoFundingForm(BaseForm):
    institution = StringField(
        _l("Institution"),
        validators=[InputRequired(_l("Name the institution.")), Length(max=200)],
        description=_l("As it signs, for example “Commune de Tabant” or “Conseil régional”."),
    )
    institution_kind = SelectField(
        _l("Kind of institution"),
        coerce=_kind_or_none,
        choices=[
            SelectChoice("", _l("Choose…")),
            *(SelectChoice(kind.value, kind.label) for kind in InstitutionKind),
        ],
        validators=[DataRequired(_l("Choose the kind of institution."))],
    )
    amount = MoneyField(_l("Amount committed (MAD)"), validators=[PositiveAmount()])
    # Whether a document was attached is the service's rule: it answers beside this field.
    document = FileField(
        _l("Signed commitment"),
        render_kw={"accept": ".pdf,application/pdf"},
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=2000)])


class ReceivedForm(BaseForm):
    """Marks one commitment of the project as received."""

    cofunding_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
