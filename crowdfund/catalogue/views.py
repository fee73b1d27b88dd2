"""Views of the catalogue domain."""

from flask import Blueprint

from crowdfund.permissions import Permission, require

bp = Blueprint("catalogue", __name__, url_prefix="")


@bp.get("/")
@require(Permission.PUBLIC)
def index():
    return "index"
