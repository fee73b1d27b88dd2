"""Regions, provinces and communes as form choices, named and sorted in the current language."""

import unicodedata

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from crowdfund.extensions import db
from crowdfund.geography.models import Region


def _sort_key(unit):
    # Accents must not push "Él Jadida" after "Zagora".
    name = unicodedata.normalize("NFKD", unit.name)
    return "".join(char for char in name if not unicodedata.combining(char)).casefold()


def _sorted(units):
    return sorted(units, key=_sort_key)


def _choice(unit, optgroup=None):
    return SelectChoice(value=str(unit.id), label=unit.name, optgroup=optgroup)


def region_choices():
    return [_choice(region) for region in _sorted(db.session.scalars(sa.select(Region)))]


def province_choices(region=None):
    """The provinces of `region`, or every province grouped by region when none is chosen."""
    if region is not None:
        return [_choice(province) for province in _sorted(region.provinces)]
    regions = db.session.scalars(sa.select(Region).options(selectinload(Region.provinces)))
    return [
        _choice(province, optgroup=region.name)
        for region in _sorted(regions)
        for province in _sorted(region.provinces)
    ]


def commune_choices(province):
    return [_choice(commune) for commune in _sorted(province.communes)]


#: The largest id an INTEGER key holds on PostgreSQL (SQLite's hold up to 2**63 - 1); a larger
#: number sent by a form is no unit, not a query the database refuses.
_LARGEST_ID = 2**31 - 1


def get_unit(model, unit_id):
    """The region, province or commune with this id, or None (also for an impossible id,
    which the database driver would refuse with an OverflowError rather than find nothing)."""
    if isinstance(unit_id, int) and 1 <= unit_id <= _LARGEST_ID:
        return db.session.get(model, unit_id)
    return None
