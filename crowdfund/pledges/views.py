"""The donor's pledge pages: the form with its live quote, the card, 3-D Secure, the outcome.

The card never touches Twiza: Stripe.js saves it (confirmCardSetup) and, when
the bank asks, authenticates the payment (confirmCardPayment); these views then
ask the processor what happened. Each step commits once and redirects to the
pledge's page, which shows what comes next. Without JavaScript the form still
shows the quote; paying needs the card form.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db
from crowdfund.payments import get_gateway
from crowdfund.payments.gateway import GatewayError
from crowdfund.permissions import Permission, require
from crowdfund.pledges import display, services
from crowdfund.pledges.forms import PaymentStepForm, PledgeForm
from crowdfund.pledges.models import Pledge, PledgeState
from crowdfund.pledges.quotes import PledgeRefused, quote_pledge
from crowdfund.projects.loaders import load_project_by_slug

bp = Blueprint("pledges", __name__)


def load_pledge(pledge_id):
    return db.get_or_404(Pledge, pledge_id)


@bp.route("/projects/<slug>/give", methods=["GET", "POST"])
@require(Permission.PLEDGE, load=load_project_by_slug)
def new(project):
    donor = acting_user()
    form = PledgeForm(currency=display.default_currency(donor))
    quote = refusal = None
    if form.validate_on_submit():
        try:
            quote = quote_pledge(project, form.amount.data, form.currency.data)
            if request.form.get("step") == "pay" and donor.email_verified:
                pledge = services.start_pledge(
                    project,
                    donor,
                    quote,
                    show_name=form.show_name.data,
                    message=form.message.data,
                    gateway=get_gateway(),
                    idempotency_key=form.request_key.data,
                )
                db.session.commit()
                return redirect(url_for(".show", pledge_id=pledge.id))
        except PledgeRefused as refused:
            db.session.rollback()
            refusal = refused.message
        except GatewayError:
            db.session.rollback()
            refusal = _("The payment service is not answering. Please try again in a moment.")
    return render_template(
        "pledges/new.html",
        project=project,
        form=form,
        quote=quote,
        refusal=refusal,
        test_cards=display.shows_test_cards(),
    )


@bp.get("/projects/<slug>/give/quote")
@require(Permission.PLEDGE, load=load_project_by_slug)
def quote(project):
    """The live quote under the form: an HTML fragment for the amount and currency typed."""
    form = PledgeForm(request.args, meta={"csrf": False})
    refusal = None
    quote = None
    if form.amount.validate(form) and form.currency.validate(form):
        try:
            quote = quote_pledge(project, form.amount.data, form.currency.data)
        except PledgeRefused as refused:
            refusal = refused.message
    else:
        refusal = (form.amount.errors or form.currency.errors)[0]
    return render_template("pledges/_quote.html", quote=quote, refusal=refusal)


@bp.get("/pledges/<int:pledge_id>")
@require(Permission.VIEW_PLEDGE, load=load_pledge)
def show(pledge):
    """The pledge's page: what happened, and the card or 3-D Secure step when one is due."""
    client_secret = None
    unavailable = False
    payable = pledge.donor_id == acting_user().id
    try:
        if payable:
            client_secret = services.browser_step_secret(pledge, get_gateway())
    except GatewayError:
        unavailable = True
    return render_template(
        "pledges/show.html",
        pledge=pledge,
        project=pledge.project,
        client_secret=client_secret,
        unavailable=unavailable,
        step_form=PaymentStepForm(),
        explanation=display.STATE_EXPLANATIONS[pledge.state],
        decline=display.decline_explanation(pledge),
        can_replace_card=payable and services.replacement_open(pledge),
        test_cards=display.shows_test_cards(),
        authenticate_now=request.args.get("authenticate") == "1",
    )


@bp.post("/pledges/<int:pledge_id>/card")
@require(Permission.PAY_PLEDGE, load=load_pledge)
def card_saved(pledge):
    """Stripe.js has saved the card: keep it, or charge it at once (flexible, replaced card)."""
    return _payment_step(pledge, services.card_saved)


@bp.post("/pledges/<int:pledge_id>/authenticated")
@require(Permission.PAY_PLEDGE, load=load_pledge)
def payment_completed(pledge):
    """Stripe.js has run 3-D Secure: ask the processor whether the payment went through."""
    return _payment_step(pledge, services.payment_completed)


@bp.post("/pledges/<int:pledge_id>/another-card")
@require(Permission.PAY_PLEDGE, load=load_pledge)
def replace_card(pledge):
    """A card declined at settlement: start again with another one, within the window."""
    return _payment_step(pledge, services.replace_card)


def _payment_step(pledge, step):
    if not PaymentStepForm().validate_on_submit():
        abort(400)
    try:
        pledge = step(pledge, get_gateway())
    except PledgeRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
    except GatewayError:
        db.session.rollback()
        flash(_("The payment service is not answering. Please try again in a moment."), "error")
    else:
        db.session.commit()
    authenticate = pledge.state == PledgeState.REQUIRES_ACTION
    return redirect(url_for(".show", pledge_id=pledge.id, authenticate=1 if authenticate else None))
