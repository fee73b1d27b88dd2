"""Administration pages of matching funds: the list with each pool's use, new and edit forms."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db
from crowdfund.matching import funds
from crowdfund.matching.forms import MatchingFundForm, fund_form_data
from crowdfund.matching.models import MatchingFund
from crowdfund.permissions import Permission, require

bp = Blueprint("matching", __name__, url_prefix="/admin/matching")


@bp.get("")
@require(Permission.ADMINISTER)
def fund_list():
    return render_template("admin/matching_list.html", usages=funds.funds_with_usage())


@bp.route("/new", methods=["GET", "POST"])
@require(Permission.ADMINISTER)
def new_fund():
    form = MatchingFundForm()
    if form.validate_on_submit():
        try:
            fund = funds.create_fund(form.terms(), acting_user())
        except funds.FundRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            db.session.commit()
            flash(_("%(name)s has been created.", name=fund.name), "success")
            return redirect(url_for(".fund_list"))
    return render_template("admin/matching_form.html", form=form, fund=None)


@bp.route("/<int:fund_id>", methods=["GET", "POST"])
@require(Permission.ADMINISTER)
def edit_fund(fund_id):
    fund = db.session.get(
        MatchingFund,
        fund_id,
        options=[selectinload(MatchingFund.regions), selectinload(MatchingFund.sector_links)],
    )
    if fund is None:
        abort(404)
    form = MatchingFundForm(data=None if request.method == "POST" else fund_form_data(fund))
    if form.validate_on_submit():
        try:
            funds.update_fund(fund, form.terms())
        except funds.FundRefused as refusal:
            form[refusal.field].errors.append(refusal.message)
        else:
            db.session.commit()
            flash(_("%(name)s has been updated.", name=fund.name), "success")
            return redirect(url_for(".fund_list"))
    return render_template("admin/matching_form.html", form=form, fund=fund)
