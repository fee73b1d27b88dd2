"""Query parameters of the public API: the catalogue's filters plus the page size."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from crowdfund.catalogue.forms import ProjectFilterForm

MAX_PER_PAGE = 100


class ProjectQueryForm(ProjectFilterForm):
    per_page = IntegerField(
        _l("Results per page"), validators=[Optional(), NumberRange(min=1, max=MAX_PER_PAGE)]
    )
