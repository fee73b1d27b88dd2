"""The form an administrator records a rate with."""

from babel.numbers import get_currency_name
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import DateInputField, DecimalInputField
from crowdfund.fx.models import SOURCE_MAX_LENGTH
from crowdfund.fx.services import rated_currencies
from crowdfund.timeutil import today

DEFAULT_SOURCE = "Bank Al-Maghrib reference rate"


class RateField(DecimalInputField):
    """A rate typed with a decimal point or, as in French, a decimal comma."""

    def process_formdata(self, valuelist):
        if valuelist and "." not in valuelist[0]:
            valuelist = [valuelist[0].replace(",", ".", 1), *valuelist[1:]]
        super().process_formdata(valuelist)


class RateForm(BaseForm):
    currency = SelectField(_l("Currency"), validators=[InputRequired()])
    rate = RateField(
        _l("MAD for one unit"),
        validators=[InputRequired(_l("Enter the rate."))],
        render_kw={"inputmode": "decimal", "autocomplete": "off"},
    )
    effective_date = DateInputField(
        _l("Date"), default=today, validators=[InputRequired(_l("Enter the date of the rate."))]
    )
    source = StringField(
        _l("Source"),
        default=DEFAULT_SOURCE,
        validators=[
            InputRequired(_l("Name the source of the rate.")),
            Length(max=SOURCE_MAX_LENGTH),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = get_locale()
        self.currency.choices = [
            SelectChoice(code, f"{code} – {get_currency_name(code, locale=locale)}")
            for code in rated_currencies()
        ]
