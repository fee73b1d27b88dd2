"""The public, read-only JSON API: the projects anyone can see, and nothing else."""

from flask import Blueprint, abort, current_app, request
from flask_babel import gettext as _

from crowdfund.api import serializers
from crowdfund.api.forms import ProjectQueryForm
from crowdfund.catalogue import queries
from crowdfund.catalogue.vetting import public_vetting_record
from crowdfund.permissions import Permission, require

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _invalid_query(form):
    return {
        "error": "Bad Request",
        "status": 400,
        "message": _("Some query parameters are not valid."),
        "fields": {name: [str(error) for error in errors] for name, errors in form.errors.items()},
    }, 400


@bp.get("/projects")
@require(Permission.PUBLIC)
def list_projects():
    form = ProjectQueryForm(request.args)
    if not form.validate():
        return _invalid_query(form)
    per_page = form.per_page.data or current_app.config["API_PAGE_SIZE"]
    page = queries.search_projects(form.filters(), form.page_number(), per_page)
    return serializers.project_page(page, form.query_args(), per_page)


def load_public_project(slug):
    """The public project named by the URL; 404 for one that is unknown or not public."""
    return queries.get_public_project_with_details(slug) or abort(404)


@bp.get("/projects/<slug>")
@require(Permission.PUBLIC, load=load_public_project)
def project_detail(project):
    return {"data": serializers.project_detail(project, public_vetting_record(project))}
