"""The open data page and the IATI files, per project and for every public project."""

from flask import Blueprint, Response, render_template

from crowdfund.opendata import codelists
from crowdfund.opendata.iati import platform_publisher
from crowdfund.opendata.loaders import load_public_project
from crowdfund.opendata.publishing import all_activities_file, project_activity_file
from crowdfund.permissions import Permission, require
from crowdfund.projects.models import ProjectState

bp = Blueprint("opendata", __name__)

XML = "application/xml; charset=utf-8"


@bp.get("/open-data")
@require(Permission.PUBLIC)
def page():
    return render_template(
        "opendata/index.html",
        publisher=platform_publisher(),
        statuses=[
            (state.label, code, codelists.ACTIVITY_STATUS_NAMES[code])
            for state in ProjectState
            if (code := codelists.ACTIVITY_STATUS.get(state)) is not None
        ],
    )


@bp.get("/open-data/iati.xml")
@require(Permission.PUBLIC)
def all_activities():
    return Response(
        all_activities_file(),
        content_type=XML,
        headers={"Content-Disposition": "inline; filename=twiza-iati-activities.xml"},
    )


@bp.get("/projects/<slug>/iati.xml")
@require(Permission.PUBLIC, load=load_public_project)
def project_activity(project):
    return Response(
        project_activity_file(project),
        content_type=XML,
        headers={"Content-Disposition": f"inline; filename={project.slug}-iati.xml"},
    )
