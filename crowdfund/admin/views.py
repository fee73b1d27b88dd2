"""Views of the admin domain."""

from flask import Blueprint

from crowdfund.permissions import Permission, require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/users")
@require(Permission.PUBLIC)
def users():
    return "users"
