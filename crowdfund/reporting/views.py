"""The ministry's pages: the dashboard, and the CSV exports streamed from it."""

from flask import Blueprint, Response, abort, render_template

from crowdfund.extensions import db
from crowdfund.i18n import text_direction
from crowdfund.permissions import Permission, require
from crowdfund.reporting.dashboard import ministry_dashboard
from crowdfund.reporting.exports import EXPORTS
from crowdfund.timeutil import today

bp = Blueprint("reporting", __name__, url_prefix="/ministry")


@bp.get("")
@require(Permission.VIEW_REPORTS)
def dashboard():
    return render_template(
        "reporting/dashboard.html",
        dashboard=ministry_dashboard(rtl=text_direction() == "rtl"),
        exports=[(name, label) for name, (label, _build) in EXPORTS.items()],
    )


@bp.get("/exports/<name>.csv")
@require(Permission.VIEW_REPORTS)
def export(name):
    if name not in EXPORTS:
        abort(404)
    _label, build = EXPORTS[name]
    filename = f"twiza-{name}-{today().isoformat()}.csv"
    return Response(
        build().stream(db.engine),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            # The files name donors' countries and amounts: never kept by a cache on the way.
            "Cache-Control": "no-store",
        },
    )
