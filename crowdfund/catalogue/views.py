"""The public catalogue of projects and each project's public page."""

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user

from crowdfund.catalogue import display, queries
from crowdfund.catalogue.forms import ProjectFilterForm
from crowdfund.catalogue.vetting import public_vetting_record
from crowdfund.cofunding.sources import funding_sources
from crowdfund.page_cache.pages import kept_for_visitors
from crowdfund.permissions import Permission, can, require
from crowdfund.pledges.display import shows_test_cards
from crowdfund.pledges.supporters import recent_supporters
from crowdfund.projects.transparency import project_transparency

bp = Blueprint("catalogue", __name__, url_prefix="")
display.register(bp)


@bp.get("/")
@kept_for_visitors
@require(Permission.PUBLIC)
def index():
    form = ProjectFilterForm(request.args)
    form.validate()
    page = queries.search_projects(
        form.filters(), form.page_number(), current_app.config["CATALOGUE_PAGE_SIZE"]
    )
    return render_template(
        "catalogue/index.html", form=form, page=page, link_args=form.query_args()
    )


def load_project(slug):
    """The project named by the URL, with everything its page shows; 404 if there is none."""
    return queries.get_project_with_details(slug) or abort(404)


@bp.get("/projects/<slug>")
@kept_for_visitors
@require(Permission.VIEW_PROJECT, load=load_project)
def project(project):
    return render_template(
        "projects/detail.html",
        project=project,
        vetting=public_vetting_record(project),
        funding=funding_sources(project),
        can_record_cofunding=can(current_user, Permission.REVIEW),
        test_cards=shows_test_cards(),
        supporters=recent_supporters(project),
        transparency=project_transparency(project, current_user),
    )
