"""Receipts and giving statements, to download: PDF, and CSV for spreadsheets."""

from flask import Blueprint, Response, abort, render_template

from crowdfund.accounts.sessions import acting_user
from crowdfund.permissions import Permission, require
from crowdfund.pledges.views import load_pledge
from crowdfund.receipts.receipt_pdf import receipt_pdf
from crowdfund.receipts.statement_csv import statement_csv
from crowdfund.receipts.statement_pdf import statement_pdf
from crowdfund.receipts.statements import giving_statement, statement_years

bp = Blueprint("receipts", __name__)


@bp.get("/pledges/<int:pledge_id>/receipt.pdf")
@require(Permission.VIEW_PLEDGE, load=load_pledge)
def pledge_receipt(pledge):
    """The receipt of a captured pledge, in its donor's language; 404 before the capture."""
    receipt = pledge.receipt
    if receipt is None:
        abort(404)
    return _download(receipt_pdf(receipt), "application/pdf", f"twiza-receipt-{receipt.number}.pdf")


@bp.get("/account/statements")
@require(Permission.AUTHENTICATED)
def statements():
    """The years the donor gave in, each with its statement."""
    return render_template("receipts/statements.html", years=statement_years(acting_user()))


@bp.get("/account/statements/<int:year>.<any(pdf, csv):format>")
@require(Permission.AUTHENTICATED)
def statement(year, format):
    """The donor's own statement for `year`; 404 for a year without gifts."""
    found = giving_statement(acting_user(), year)
    if found is None:
        abort(404)
    if format == "csv":
        return _download(
            statement_csv(found).encode(),
            "text/csv; charset=utf-8",
            f"twiza-statement-{year}.csv",
            attachment=True,
        )
    return _download(statement_pdf(found), "application/pdf", f"twiza-statement-{year}.pdf")


def _download(body, content_type, filename, *, attachment=False):
    """A document about one person: never kept by shared caches."""
    disposition = "attachment" if attachment else "inline"
    return Response(
        body,
        content_type=content_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )
