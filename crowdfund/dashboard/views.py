"""The donor's dashboard."""

from flask import Blueprint, render_template, request

from crowdfund.accounts.sessions import acting_user
from crowdfund.dashboard import display
from crowdfund.dashboard.services import donor_dashboard
from crowdfund.permissions import Permission, require

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")
display.register(bp)


@bp.get("")
@require(Permission.AUTHENTICATED)
def index():
    return render_template(
        "dashboard/index.html",
        dashboard=donor_dashboard(acting_user(), request.args.get("page", 1, type=int)),
    )
