"""The catalogue's filter form, read from the query string (also used by the public API)."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SearchField, SelectChoice, SelectField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from crowdfund.catalogue import queries
from crowdfund.catalogue.filters import (
    DEFAULT_STATUS,
    STATUS_LABELS,
    ProjectFilters,
    Sort,
)
from crowdfund.forms_base import BaseForm
from crowdfund.projects.models import FundingModel
from crowdfund.projects.reference import SDGS, sector_choices

#: The fields that narrow or order the results, as opposed to paging through them.
FILTER_FIELDS = ("q", "region", "province", "sector", "sdg", "status", "funding_model", "sort")


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ProjectFilterForm(BaseForm):
    """Filters from `request.args`; a field whose value is invalid is reported and ignored."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Length(max=100)], filters=[_strip])
    status = SelectField(
        _l("Status"),
        default=DEFAULT_STATUS,
        choices=[SelectChoice(value, label) for value, label in STATUS_LABELS.items()],
        invalid_choice_message=_l("Choose a status from the list."),
    )
    region = SelectField(_l("Region"), default="", invalid_choice_message=_l("Unknown region."))
    province = SelectField(_l("Province or prefecture"), default="", validate_choice=False)
    sector = SelectField(_l("Sector"), default="", invalid_choice_message=_l("Unknown sector."))
    sdg = SelectField(
        _l("Sustainable Development Goal"),
        default="",
        invalid_choice_message=_l("Choose a goal between 1 and 17."),
    )
    funding_model = SelectField(
        _l("Funding model"), default="", invalid_choice_message=_l("Unknown funding model.")
    )
    sort = SelectField(
        _l("Sort by"),
        default=Sort.NEWEST.value,
        choices=[SelectChoice(sort.value, sort.label) for sort in Sort],
        invalid_choice_message=_l("Choose an order from the list."),
    )
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(min=1)])

    def __init__(self, formdata, **kwargs):
        super().__init__(formdata, **kwargs)
        provinces = sorted(queries.provinces_with_regions(), key=lambda unit: unit.name)
        regions = sorted({province.region for province in provinces}, key=lambda unit: unit.name)
        self._province_regions = {province.code: province.region.code for province in provinces}
        self.region.choices = [
            SelectChoice("", _l("All regions")),
            *(SelectChoice(region.code, region.name) for region in regions),
        ]
        self.province.choices = [
            SelectChoice("", _l("All provinces and prefectures")),
            *self._province_choices(regions, provinces),
        ]
        self.sector.choices = [
            SelectChoice("", _l("All sectors")),
            *sector_choices(),
        ]
        self.sdg.choices = [
            SelectChoice("", _l("All goals")),
            *(SelectChoice(str(number), f"{number}. {label}") for number, label in SDGS.items()),
        ]
        self.funding_model.choices = [
            SelectChoice("", _l("Any funding model")),
            *(SelectChoice(model.value, model.label) for model in FundingModel),
        ]

    def _province_choices(self, regions, provinces):
        """The chosen region's provinces, or every province grouped by region."""
        chosen = self.region.data
        if chosen in {region.code for region in regions}:
            return [SelectChoice(p.code, p.name) for p in provinces if p.region.code == chosen]
        return [
            SelectChoice(p.code, p.name, optgroup=region.name)
            for region in regions
            for p in provinces
            if p.region is region
        ]

    def validate_province(self, field):
        if not field.data:
            return
        region = self._province_regions.get(field.data)
        if region is None:
            raise ValidationError(_l("Unknown province or prefecture."))
        if self.region.data and not self.region.errors and region != self.region.data:
            raise ValidationError(_l("This province is not in the chosen region."))

    def _valid(self, field):
        """The field's value, or None when it is empty or was rejected."""
        return field.data if field.data and not field.errors else None

    def filters(self):
        """The search to run; call after `validate()`."""
        sdg = self._valid(self.sdg)
        funding_model = self._valid(self.funding_model)
        return ProjectFilters(
            q=self._valid(self.q) or "",
            region=self._valid(self.region),
            province=self._valid(self.province),
            sector=self._valid(self.sector),
            sdg=int(sdg) if sdg else None,
            status=self._valid(self.status) or DEFAULT_STATUS,
            funding_model=FundingModel(funding_model) if funding_model else None,
            sort=Sort(self._valid(self.sort) or Sort.NEWEST),
        )

    def page_number(self):
        return self._valid(self.page) or 1

    def query_args(self):
        """The valid filters that differ from the defaults, for links that keep them."""
        return {
            name: self[name].data
            for name in FILTER_FIELDS
            if self._valid(self[name]) and self[name].data != self[name].default
        }
