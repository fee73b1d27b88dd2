"""The public, read-only JSON API: the projects anyone can see, and nothing else."""

from flask import Blueprint, abort, current_app, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from crowdfund.api import errors, serializers
from crowdfund.api.caching import cacheable_json
from crowdfund.api.forms import ProjectQueryForm
from crowdfund.api.openapi import openapi_document
from crowdfund.api.stats import platform_stats
from crowdfund.catalogue import queries
from crowdfund.catalogue.vetting import public_vetting_record
from crowdfund.opendata.flows import project_flows, totals_of
from crowdfund.opendata.loaders import load_public_project
from crowdfund.permissions import Permission, require

bp = Blueprint("api", __name__, url_prefix="/api/v1")
errors.register(bp)


def _invalid_query(form):
    return errors.problem(
        BadRequest(),
        _("Some query parameters are not valid."),
        fields={
            name: [str(message) for message in messages] for name, messages in form.errors.items()
        },
    )


@bp.get("/projects")
@require(Permission.PUBLIC)
def list_projects():
    form = ProjectQueryForm(request.args)
    if not form.validate():
        return _invalid_query(form)
    per_page = form.per_page.data or current_app.config["API_PAGE_SIZE"]
    page = queries.search_projects(form.filters(), form.page_number(), per_page)
    return cacheable_json(serializers.project_page(page, form.query_args(), per_page))


def load_public_project_with_details(slug):
    """The public project named by the URL with its details; 404 as `load_public_project`."""
    return queries.get_public_project_with_details(slug) or abort(404)


@bp.get("/projects/<slug>")
@require(Permission.PUBLIC, load=load_public_project_with_details)
def project_detail(project):
    return cacheable_json(
        {"data": serializers.project_detail(project, public_vetting_record(project))}
    )


@bp.get("/projects/<slug>/transactions")
@require(Permission.PUBLIC, load=load_public_project)
def project_transactions(project):
    flows = project_flows(project)
    totals = totals_of(flows, project.currency)
    return cacheable_json(serializers.project_transactions(project, flows, totals))


@bp.get("/stats")
@require(Permission.PUBLIC)
def stats():
    return cacheable_json(serializers.platform_stats(platform_stats()))


@bp.get("/openapi.json")
@require(Permission.PUBLIC)
def openapi():
    return cacheable_json(openapi_document())
