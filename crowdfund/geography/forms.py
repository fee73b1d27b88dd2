"""A commune chooser for any form: region, then province, then commune, without JavaScript."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField, SubmitField
from wtforms.validators import DataRequired

from crowdfund.geography.choices import commune_choices, get_unit, province_choices, region_choices
from crowdfund.geography.models import Commune, Province, Region


def optional_id(value):
    """A submitted id as an int; the empty placeholder means none."""
    if value is None or value == "":
        return None
    return int(value)


class CommuneChooserMixin:
    """Fields to choose a commune step by step; mix into a form before BaseForm.

    881 communes are too many for one list, so the form lists only the communes
    of the chosen province. Without JavaScript, the person picks a region and a
    province and presses "Show communes": the view sees `refining_commune` and
    renders the form again, keeping what was entered, now with that province's
    communes (templates/_macros/geography.html, with a small script that
    refreshes the lists in place). Give an existing commune as
    `commune_id` (e.g. `obj=` a model with a `commune_id`). Once the form
    validates, `chosen_commune` is the Commune chosen.
    """

    region_id = SelectField(_l("Region"), coerce=optional_id)
    province_id = SelectField(_l("Province or prefecture"), coerce=optional_id)
    commune_id = SelectField(
        _l("Commune"),
        coerce=optional_id,
        validators=[DataRequired(message=_l("Choose a commune."))],
    )
    show_communes = SubmitField(_l("Show communes"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._narrow_geography()

    @property
    def refining_commune(self):
        """Whether the person asked to see the communes of a province rather than to submit."""
        return bool(self.show_communes.data)

    def _narrow_geography(self):
        """Keep a consistent region → province → commune path and list only what fits it."""
        commune = get_unit(Commune, self.commune_id.data)
        province = get_unit(Province, self.province_id.data) or (commune and commune.province)
        region = get_unit(Region, self.region_id.data) or (province and province.region)
        # A region changed after the province was chosen wins: the province must be chosen again.
        if province and province.region_id != region.id:
            province = None
        if commune and (not province or commune.province_id != province.id):
            commune = None

        self.region_id.data = region.id if region else None
        self.province_id.data = province.id if province else None
        self.commune_id.data = commune.id if commune else None
        self.chosen_commune = commune

        self.region_id.choices = [SelectChoice("", _("All regions")), *region_choices()]
        self.province_id.choices = [
            SelectChoice("", _("Choose a province or prefecture")),
            *province_choices(region),
        ]
        if province:
            self.commune_id.choices = [
                SelectChoice("", _("Choose a commune")),
                *commune_choices(province),
            ]
        else:
            self.commune_id.choices = [SelectChoice("", _("Choose a province first"))]
