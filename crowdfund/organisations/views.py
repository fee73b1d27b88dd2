"""Views of the organisations domain."""

from flask import Blueprint

from crowdfund.permissions import Permission, require

bp = Blueprint("organisations", __name__, url_prefix="/organisations")


@bp.get("/mine")
@require(Permission.PUBLIC)
def mine():
    return "mine"
