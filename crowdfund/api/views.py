"""Views of the api domain."""

from flask import Blueprint

from crowdfund.permissions import Permission, require

bp = Blueprint("api", __name__, url_prefix="/api/v1")
