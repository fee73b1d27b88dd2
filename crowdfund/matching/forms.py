"""The form administrators set a matching fund's terms with."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)

from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import DateInputField, MoneyField, MultiCheckboxField, PositiveAmount
from crowdfund.geography.choices import region_choices
from crowdfund.matching.funds import FundTerms
from crowdfund.projects.reference import sector_choices

#: Neither side of a ratio may exceed this: a bigger number is a typing mistake.
MAX_RATIO_TERM = 100
_RATIO = re.compile(r"\s*([0-9]{1,3})\s*[:/]\s*([0-9]{1,3})\s*")


class RatioField(StringField):
    """A ratio typed as "3:1"; `data` is (numerator, denominator), None when blank."""

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        if not text.strip():
            self.data = None
            return
        match = _RATIO.fullmatch(text)
        if not match:
            self.data = None
            raise ValueError(_l("Write the ratio as two whole numbers, for example 1:1 or 3:1."))
        self.data = (int(match[1]), int(match[2]))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data[0]}:{self.data[1]}" if self.data else ""

    def pre_validate(self, form):
        # A ratio that could not be read has said why; "required" would only repeat it.
        if self.process_errors:
            raise StopValidation()


def _ratio_terms_in_range(form, field):
    if field.data and not all(1 <= term <= MAX_RATIO_TERM for term in field.data):
        raise ValidationError(
            _l("Both numbers of the ratio must be between 1 and %(max)d.", max=MAX_RATIO_TERM)
        )


class MatchingFundForm(BaseForm):
    name = StringField(
        _l("Name of the fund"),
        validators=[InputRequired(_l("Give the fund a name.")), Length(max=160)],
    )
    sponsor = StringField(
        _l("Sponsor"),
        validators=[InputRequired(_l("Name the sponsor.")), Length(max=200)],
        description=_l("Who puts up the money, as donors will read it."),
    )
    ratio = RatioField(
        _l("Ratio"),
        validators=[InputRequired(_l("Give the ratio.")), _ratio_terms_in_range],
        description=_l(
            "MAD the fund adds : MAD the donor gives. 1:1 doubles a gift, 3:1 quadruples it, "
            "1:2 adds half."
        ),
        render_kw={"autocomplete": "off", "inputmode": "numeric", "dir": "ltr"},
    )
    pool_amount = MoneyField(
        _l("Pool (MAD)"),
        validators=[PositiveAmount(_l("Give the amount the sponsor commits."))],
        description=_l("Everything the sponsor commits; matches stop when it runs out."),
    )
    cap_per_project = MoneyField(
        _l("Cap per project (MAD)"),
        validators=[Optional(), PositiveAmount()],
        description=_l("The most one project can receive from the fund. Leave blank for no cap."),
    )
    cap_per_pledge = MoneyField(
        _l("Cap per pledge (MAD)"),
        validators=[Optional(), PositiveAmount()],
        description=_l("The most the fund adds to one pledge. Leave blank for no cap."),
    )
    regions = MultiCheckboxField(
        _l("Regions"),
        coerce=int,
        description=_l("Projects in these regions only. Tick none for every region."),
    )
    sectors = MultiCheckboxField(
        _l("Sectors"),
        description=_l("Projects in these sectors only. Tick none for every sector."),
    )
    starts_on = DateInputField(
        _l("First day"), validators=[InputRequired(_l("Give the first day pledges are matched."))]
    )
    ends_on = DateInputField(
        _l("Last day"), validators=[InputRequired(_l("Give the last day pledges are matched."))]
    )
    is_active = BooleanField(_l("Active: pledges are matched between these days"), default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regions.choices = region_choices()
        # Here, not in the field: the labels are written in the language of the request.
        self.sectors.choices = sector_choices()

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot come before the first day."))

    def validate_cap_per_pledge(self, field):
        cap_per_project = self.cap_per_project.data
        if field.data and cap_per_project and field.data > cap_per_project:
            raise ValidationError(_l("The cap per pledge cannot exceed the cap per project."))

    def terms(self):
        numerator, denominator = self.ratio.data
        return FundTerms(
            name=self.name.data,
            sponsor=self.sponsor.data,
            match_numerator=numerator,
            match_denominator=denominator,
            pool_amount=self.pool_amount.data,
            cap_per_project=self.cap_per_project.data,
            cap_per_pledge=self.cap_per_pledge.data,
            region_ids=self.regions.data or [],
            sector_codes=self.sectors.data or [],
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
            is_active=self.is_active.data,
        )


def fund_form_data(fund):
    """A fund's terms as the form shows them for editing."""
    return {
        "name": fund.name,
        "sponsor": fund.sponsor,
        "ratio": (fund.match_numerator, fund.match_denominator),
        "pool_amount": fund.pool_amount,
        "cap_per_project": fund.cap_per_project,
        "cap_per_pledge": fund.cap_per_pledge,
        "regions": [region.id for region in fund.regions],
        "sectors": fund.sector_codes,
        "starts_on": fund.starts_on,
        "ends_on": fund.ends_on,
        "is_active": fund.is_active,
    }
