"""Adding the provinces and communes the seed file lacks, and the overview admins work from."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crowdfund.audit.log import record
from crowdfund.extensions import db
from crowdfund.geography.models import NAME_LANGUAGES, Commune, Province, Region

#: Codes of units added by admins; seed codes are P001… and C0001…, so these never clash.
ADDED_PROVINCE_PREFIX, ADDED_PROVINCE_DIGITS = "PX", 3
ADDED_COMMUNE_PREFIX, ADDED_COMMUNE_DIGITS = "CX", 4


class DuplicateUnitName(ValueError):
    """A unit with the same French name already exists under the same parent."""


def _clean_names(names):
    """The four names, trimmed; every language is required."""
    cleaned = {language: (names.get(language) or "").strip() for language in NAME_LANGUAGES}
    missing = [language for language, name in cleaned.items() if not name]
    if missing:
        raise ValueError(f"missing names: {', '.join(missing)}")
    return {f"name_{language}": name for language, name in cleaned.items()}


def _comparable(name):
    return " ".join(name.split()).casefold()


def named_alike(units, name):
    """The unit among `units` whose French name is `name`, ignoring case and spacing."""
    return next((unit for unit in units if _comparable(unit.name_fr) == _comparable(name)), None)


def _next_code(model, prefix, digits):
    """The next free code after the highest one already given with `prefix`."""
    codes = db.session.scalars(sa.select(model.code).where(model.code.startswith(prefix)))
    numbers = [int(code[len(prefix) :]) for code in codes if code[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:0{digits}d}"


def _add_unit(model, prefix, digits, **values):
    unit = model(code=_next_code(model, prefix, digits), **values)
    db.session.add(unit)
    db.session.flush()
    record(f"{model.__name__.lower()}.added", unit, after=_audited_facts(unit))
    return unit


def _audited_facts(unit):
    """A new unit's code, kind, names and parent, as the audit log keeps them."""
    parent = unit.region if isinstance(unit, Province) else unit.province
    names = {f"name_{language}": getattr(unit, f"name_{language}") for language in NAME_LANGUAGES}
    return {"code": unit.code, "kind": unit.kind, "parent": parent.code, **names}


def add_province(region, kind, names):
    """Add a province or prefecture to `region`; `names` maps ar/fr/en/es to its names."""
    names = _clean_names(names)
    existing = named_alike(region.provinces, names["name_fr"])
    if existing:
        raise DuplicateUnitName(
            _l(
                "%(region)s already has a province or prefecture named %(name)s.",
                region=region.name_fr,
                name=existing.name_fr,
            )
        )
    return _add_unit(
        Province, ADDED_PROVINCE_PREFIX, ADDED_PROVINCE_DIGITS, region=region, kind=kind, **names
    )


def add_commune(province, kind, names):
    """Add a rural or urban commune to `province`; `names` maps ar/fr/en/es to its names."""
    names = _clean_names(names)
    existing = named_alike(province.communes, names["name_fr"])
    if existing:
        raise DuplicateUnitName(
            _l(
                "%(province)s already has a commune named %(name)s.",
                province=province.name_fr,
                name=existing.name_fr,
            )
        )
    return _add_unit(
        Commune, ADDED_COMMUNE_PREFIX, ADDED_COMMUNE_DIGITS, province=province, kind=kind, **names
    )


def provinces_by_region():
    """Every region with its provinces and their number of communes, in one query.

    Returns [(region, [(province, commune_count), …]), …]; a region without
    provinces has an empty list.
    """
    rows = db.session.execute(
        sa.select(Region, Province, sa.func.count(Commune.id))
        .outerjoin(Province, Province.region_id == Region.id)
        .outerjoin(Commune, Commune.province_id == Province.id)
        .group_by(Region.id, Province.id)
        .order_by(Region.name_fr, Province.name_fr)
    )
    overview = {}
    for region, province, commune_count in rows:
        provinces = overview.setdefault(region, [])
        if province is not None:
            provinces.append((province, commune_count))
    return list(overview.items())
