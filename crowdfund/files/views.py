"""Views of the files domain."""

from flask import Blueprint

from crowdfund.permissions import Permission, require

bp = Blueprint("files", __name__, url_prefix="/files")
