"""The forms of milestone evidence: sending it, rejecting it, releasing its tranche."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import MoneyField, PositiveAmount

_IMAGES = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp"
_PDF = "application/pdf,.pdf"


class EvidenceForm(BaseForm):
    """Counts, kinds and sizes of the files are the service's rules: it answers beside them."""

    #: The milestone the owner saw when opening the form, in case another was sent meanwhile.
    milestone_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    narrative = TextAreaField(
        _l("What was done"),
        description=_l(
            "Describe the work of this milestone as donors will read it: what was built or "
            "bought, by whom, and when."
        ),
        render_kw={"rows": 8, "dir": "auto"},
    )
    photos = MultipleFileField(_l("Photos of the work"), render_kw={"accept": _IMAGES})
    invoices = MultipleFileField(_l("Invoices"), render_kw={"accept": _PDF})
    acceptance_record = FileField(_l("Acceptance record"), render_kw={"accept": _PDF})


class RejectEvidenceForm(BaseForm):
    reason = TextAreaField(
        _l("Reason for rejecting"),
        description=_l("The owners read it: say what is missing or wrong."),
        render_kw={"rows": 4, "dir": "auto"},
    )


class ReleaseForm(BaseForm):
    amount = MoneyField(_l("Amount to release (MAD)"), validators=[PositiveAmount()])
    bank_reference = StringField(
        _l("Bank transfer reference"),
        description=_l("As printed on the transfer order that paid the organisation."),
        render_kw={"autocomplete": "off", "dir": "ltr"},
    )
