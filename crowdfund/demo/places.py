"""The communes the demo uses, found by seed code, plus one the seed file lacks."""

import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.geography.models import Commune, CommuneKind, ProvinceKind, Region
from crowdfund.geography.services import add_commune, add_province, named_alike

# Drâa-Tafilalet is missing from the seed file: the demo adds a province and a commune there,
# as an admin would.
DRAA_TAFILALET = "R04"
ZAGORA = {"ar": "زاكورة", "fr": "Zagora", "en": "Zagora", "es": "Zagora"}
TAMEGROUTE = {"ar": "تامكروت", "fr": "Tamegroute", "en": "Tamegroute", "es": "Tamegrut"}
#: How demo specs name the added commune, where other communes are named by seed code.
TAMEGROUTE_KEY = "tamegroute"


def find_communes(keys):
    """{key: Commune} for seed codes and TAMEGROUTE_KEY; fails loudly on an unknown code."""
    codes = set(keys) - {TAMEGROUTE_KEY}
    communes = {
        commune.code: commune
        for commune in db.session.scalars(sa.select(Commune).where(Commune.code.in_(codes)))
    }
    missing = codes - communes.keys()
    if missing:
        raise LookupError(f"communes missing from the geography: {sorted(missing)}")
    if TAMEGROUTE_KEY in keys:
        communes[TAMEGROUTE_KEY] = _tamegroute()
    return communes


def _tamegroute():
    region = db.session.scalar(sa.select(Region).filter_by(code=DRAA_TAFILALET))
    zagora = named_alike(region.provinces, ZAGORA["fr"]) or add_province(
        region, ProvinceKind.PROVINCE, ZAGORA
    )
    return named_alike(zagora.communes, TAMEGROUTE["fr"]) or add_commune(
        zagora, CommuneKind.RURAL, TAMEGROUTE
    )
