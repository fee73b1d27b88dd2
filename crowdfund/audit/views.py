"""The audit log page of the administration: search, newest first, a page at a time."""

from flask import Blueprint, render_template, request

from crowdfund.audit.forms import AuditSearchForm
from crowdfund.audit.search import find_entries, target_types
from crowdfund.extensions import db
from crowdfund.permissions import Permission, require

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

ENTRIES_PER_PAGE = 50


@bp.get("")
@require(Permission.ADMINISTER)
def entries():
    form = AuditSearchForm(target_types(), formdata=request.args)
    page = db.paginate(
        find_entries(form.filters()),
        page=request.args.get("page", 1, type=int),
        per_page=ENTRIES_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "audit/entries.html", form=form, page=page, filters=form.query_arguments()
    )
