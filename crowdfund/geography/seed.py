"""Load Morocco's administrative units from the project's own seed file."""

import json
from pathlib import Path

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.models import Commune, Province, Region

SEED_FILE = Path(__file__).parent / "data" / "morocco.json"
NAME_FIELDS = ("name_ar", "name_fr", "name_en", "name_es")


def _names(record):
    return {f"name_{lang}": record[lang] for lang in ("ar", "fr", "en", "es")}


def _upsert(model, code, values):
    unit = db.session.scalar(sa.select(model).filter_by(code=code))
    if unit is None:
        unit = model(code=code, **values)
        db.session.add(unit)
        return unit, True
    for key, value in values.items():
        setattr(unit, key, value)
    return unit, False


def seed_geography(seed_file=SEED_FILE):
    """Create or update every unit in the seed file; units admins added are left alone.

    Returns how many units were created.
    """
    data = json.loads(Path(seed_file).read_text(encoding="utf-8"))
    created = 0
    regions = {}
    for record in data["regions"]:
        regions[record["code"]], new = _upsert(Region, record["code"], _names(record))
        created += new
    db.session.flush()
    provinces = {}
    for record in data["provinces"]:
        values = {
            **_names(record),
            "kind": record["kind"],
            "region_id": regions[record["region"]].id,
        }
        provinces[record["code"]], new = _upsert(Province, record["code"], values)
        created += new
    db.session.flush()
    for record in data["communes"]:
        values = {
            **_names(record),
            "kind": record["kind"],
            "province_id": provinces[record["province"]].id,
        }
        _unit, new = _upsert(Commune, record["code"], values)
        created += new
    db.session.flush()
    return created
