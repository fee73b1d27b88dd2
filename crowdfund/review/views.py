"""Views of the review domain."""

from flask import Blueprint

from crowdfund.permissions import Permission, require

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.get("/queue")
@require(Permission.PUBLIC)
def queue():
    return "queue"
