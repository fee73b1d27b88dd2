"""The donor's pledge form, and the empty forms that carry the payment steps' CSRF token."""

import re
import uuid

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import AmountField, PositiveAmount
from crowdfund.pledges.models import MESSAGE_MAX_LENGTH

_REQUEST_KEY = re.compile(r"[0-9a-f]{32}")


def _currency_choices():
    return [(code, code) for code in current_app.config["SUPPORTED_CURRENCIES"]]


class PledgeForm(BaseForm):
    amount = AmountField(_l("Amount"), validators=[PositiveAmount()])
    currency = SelectField(
        _l("Currency"),
        choices=_currency_choices,
        validators=[InputRequired(_l("Choose a currency."))],
        validate_choice=True,
    )
    show_name = BooleanField(_l("Show my name on the project page"))
    message = TextAreaField(
        _l("A message for the project (optional)"),
        validators=[Length(max=MESSAGE_MAX_LENGTH)],
    )
    #: One key per form shown: sending the form twice makes one pledge.
    request_key = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.request_key.data:
            self.request_key.data = uuid.uuid4().hex

    def validate_request_key(self, field):
        if not _REQUEST_KEY.fullmatch(field.data or ""):
            raise ValidationError(_l("This form was altered. Please start again."))


class PaymentStepForm(BaseForm):
    """The card step and the 3-D Secure step post nothing but their CSRF token."""
