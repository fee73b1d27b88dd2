"""Administration pages of pledges: the list with its filters, one pledge, and its refunds."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db
from crowdfund.ledger.reading import project_money
from crowdfund.money import format_mad
from crowdfund.payments import get_gateway
from crowdfund.payments.gateway import GatewayError
from crowdfund.permissions import Permission, require
from crowdfund.pledges import admin_queries
from crowdfund.pledges.admin_forms import PLEDGE_STATE_LABELS, PledgeFilterForm, RefundForm
from crowdfund.pledges.models import PledgeState
from crowdfund.pledges.quotes import PledgeRefused
from crowdfund.pledges.refunds import refund_pledge

bp = Blueprint("pledge_admin", __name__, url_prefix="/admin/pledges")

PLEDGES_PER_PAGE = 25


@bp.get("")
@require(Permission.ADMINISTER)
def pledge_list():
    form = PledgeFilterForm(admin_queries.projects_with_pledges(), formdata=request.args)
    state, project_id, donor_email = form.chosen_filters()
    page = db.paginate(
        admin_queries.find_pledges(state, project_id, donor_email),
        page=request.args.get("page", 1, type=int),
        per_page=PLEDGES_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "admin/pledges.html",
        form=form,
        page=page,
        filters={
            "q": donor_email,
            "state": state.value if state else None,
            "project": project_id,
        },
        state_labels=PLEDGE_STATE_LABELS,
    )


def _load_pledge(pledge_id):
    pledge = admin_queries.pledge_with_refunds(pledge_id)
    if pledge is None:
        abort(404)
    return pledge


def _render_pledge(pledge, form):
    return render_template(
        "admin/pledge.html",
        pledge=pledge,
        project=pledge.project,
        donor=pledge.donor,
        allocation=admin_queries.match_allocation_of(pledge),
        refundable_mad=pledge.captured_mad - pledge.refunded_mad,
        held_mad=project_money(pledge.project).held,
        can_refund=pledge.state == PledgeState.CAPTURED,
        state_label=PLEDGE_STATE_LABELS[pledge.state],
        form=form,
    )


@bp.get("/<int:pledge_id>")
@require(Permission.ADMINISTER)
def show(pledge_id):
    return _render_pledge(_load_pledge(pledge_id), RefundForm())


@bp.post("/<int:pledge_id>/refunds")
@require(Permission.ADMINISTER)
def refund(pledge_id):
    """Give part or all of a captured pledge back; a refusal writes nothing and says why."""
    pledge = _load_pledge(pledge_id)
    form = RefundForm()
    if form.validate_on_submit():
        try:
            made = refund_pledge(
                pledge, form.amount.data, form.reason.data, acting_user(), get_gateway()
            )
        except PledgeRefused as refused:
            db.session.rollback()
            form.form_errors.append(refused.message)
        except GatewayError:
            db.session.rollback()
            form.form_errors.append(
                _("The payment service is not answering. Nothing was refunded; try again later.")
            )
        else:
            db.session.commit()
            flash(
                _(
                    "%(amount)s refunded to %(donor)s.",
                    amount=format_mad(made.amount_mad),
                    donor=pledge.donor.name,
                ),
                "success",
            )
            return redirect(url_for(".show", pledge_id=pledge_id))
    return _render_pledge(_load_pledge(pledge_id), form)
