"""Views of the accounts domain."""

from flask import Blueprint

from crowdfund.permissions import Permission, require

bp = Blueprint("accounts", __name__, url_prefix="/account")


@bp.get("/login")
@require(Permission.PUBLIC)
def login():
    return "login"


@bp.get("/register")
@require(Permission.PUBLIC)
def register():
    return "register"


@bp.get("/logout")
@require(Permission.PUBLIC)
def logout():
    return "logout"


@bp.get("/profile")
@require(Permission.PUBLIC)
def profile():
    return "profile"
