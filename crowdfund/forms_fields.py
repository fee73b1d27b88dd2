"""Form fields shared by several domains: money, dates, decimals, groups of checkboxes."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DecimalField, SelectMultipleField, StringField
from wtforms.validators import StopValidation
from wtforms.widgets import CheckboxInput, ListWidget

from crowdfund.money import parse_amount, parse_mad


class _BlankMeansMissing:
    """Blank input is no value rather than a malformed one, so `InputRequired` alone reports it."""

    def process_formdata(self, valuelist):
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form):
        # A value that could not be read has said why; "required" would only repeat it.
        if self.process_errors:
            raise StopValidation()
        super().pre_validate(form)


class MoneyField(_BlankMeansMissing, StringField):
    """An amount in dirhams typed freely ("12 000,50"); `data` is in centimes, None when blank."""

    parse = staticmethod(parse_mad)

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"inputmode": "decimal", "autocomplete": "off", **kwargs.pop("render_kw", {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if valuelist and self.data is not None:
            text, self.data = self.data, None
            self.data = self.parse(text)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        whole, centimes = divmod(self.data, 100)
        return f"{whole}.{centimes:02d}" if centimes else str(whole)


class AmountField(MoneyField):
    """An amount in a currency chosen beside it; `data` is in minor units, None when blank."""

    parse = staticmethod(parse_amount)


class PositiveAmount:
    """Requires an amount above zero in a MoneyField; blank counts as missing."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if field.data is None:
            raise StopValidation(self.message or _l("Enter an amount."))
        if field.data <= 0:
            raise StopValidation(_l("The amount must be more than 0 MAD."))


class DateInputField(_BlankMeansMissing, DateField):
    """A date picker; blank means no date."""


class DecimalInputField(_BlankMeansMissing, DecimalField):
    """A decimal number shown as typed (not rounded); blank means no number."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, places=None, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        # Decimal reads "NaN" and "Infinity", which no validator can compare. Only a number
        # read from the form is checked: when the field was not sent, `data` is still the
        # value the form was given (a saved latitude is a float).
        if valuelist and self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(_l("Enter a number."))


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes, one per choice, that works without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
