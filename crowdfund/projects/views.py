"""Views of the projects domain."""

from flask import Blueprint

from crowdfund.permissions import Permission, require

bp = Blueprint("projects", __name__, url_prefix="/projects")
