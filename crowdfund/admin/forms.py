"""Forms of the administration pages: user search, a user's access, new geographic units."""

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from crowdfund.accounts.models import Role
from crowdfund.admin.services import GRANTABLE_ROLES
from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import MultiCheckboxField
from crowdfund.geography.models import NAME_LANGUAGES, CommuneKind, ProvinceKind

ACCOUNT_ACTIVE, ACCOUNT_INACTIVE = "active", "inactive"

PROVINCE_KIND_LABELS = {
    ProvinceKind.PROVINCE: _l("Province"),
    ProvinceKind.PREFECTURE: _l("Prefecture"),
}
COMMUNE_KIND_LABELS = {
    CommuneKind.RURAL: _l("Rural commune"),
    CommuneKind.URBAN: _l("Urban commune"),
}


def _value_choices(labels):
    return [SelectChoice(member.value, label) for member, label in labels.items()]


class UserSearchForm(BaseForm):
    """Read-only filters sent by GET, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(_l("Name or email"), validators=[Optional(), Length(max=254)])
    role = SelectField(_l("Role"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [
            SelectChoice("", _l("Any role")),
            *(SelectChoice(role.value, role.label) for role in GRANTABLE_ROLES),
        ]


class UserAccessForm(BaseForm):
    roles = MultiCheckboxField(_l("Roles"), coerce=Role)
    affiliation = StringField(
        _l("Affiliation"),
        validators=[Optional(), Length(max=160)],
        description=_l("The ministry or institution a reviewer or treasurer works for."),
        render_kw={"list": "known-affiliations", "autocomplete": "off"},
    )
    status = RadioField(
        _l("Account"),
        choices=[
            SelectChoice(ACCOUNT_ACTIVE, _l("Active: may log in")),
            SelectChoice(ACCOUNT_INACTIVE, _l("Deactivated: may not log in")),
        ],
        validators=[InputRequired(_l("Choose whether the account is active."))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles.choices = [SelectChoice(role.value, role.label) for role in GRANTABLE_ROLES]

    @property
    def active(self):
        return self.status.data == ACCOUNT_ACTIVE


class UnitNamesForm(BaseForm):
    """The four names every geographic unit carries."""

    name_ar = StringField(
        _l("Name in Arabic"),
        validators=[InputRequired(), Length(max=120)],
        render_kw={"lang": "ar", "dir": "rtl"},
    )
    name_fr = StringField(
        _l("Name in French"),
        validators=[InputRequired(), Length(max=120)],
        render_kw={"lang": "fr", "dir": "ltr"},
    )
    name_en = StringField(
        _l("Name in English"),
        validators=[InputRequired(), Length(max=120)],
        render_kw={"lang": "en", "dir": "ltr"},
    )
    name_es = StringField(
        _l("Name in Spanish"),
        validators=[InputRequired(), Length(max=120)],
        render_kw={"lang": "es", "dir": "ltr"},
    )

    @property
    def names(self):
        """{language: name}, as the geography services take them."""
        return {language: self[f"name_{language}"].data for language in NAME_LANGUAGES}


class ProvinceForm(UnitNamesForm):
    region = SelectField(_l("Region"), coerce=int, validators=[InputRequired()])
    kind = SelectField(
        _l("Kind"), choices=_value_choices(PROVINCE_KIND_LABELS), validators=[InputRequired()]
    )

    def __init__(self, regions, *args, **kwargs):
        super().__init__(*args, prefix="province", **kwargs)
        self.region.choices = [SelectChoice(region.id, region.name) for region in regions]


class CommuneForm(UnitNamesForm):
    province = SelectField(_l("Province or prefecture"), coerce=int, validators=[InputRequired()])
    kind = SelectField(
        _l("Kind"), choices=_value_choices(COMMUNE_KIND_LABELS), validators=[InputRequired()]
    )

    def __init__(self, provinces_of_regions, *args, **kwargs):
        """`provinces_of_regions`: [(region, [province, …]), …], shown grouped by region."""
        super().__init__(*args, prefix="commune", **kwargs)
        self.province.choices = [
            SelectChoice(province.id, province.name, optgroup=region.name)
            for region, provinces in provinces_of_regions
            for province in provinces
        ]
