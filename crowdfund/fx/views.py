"""The exchange-rates page of the administration: rates in force, recent ones, a new one."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db
from crowdfund.fx.conversion import format_rate
from crowdfund.fx.forms import RateForm
from crowdfund.fx.services import (
    RateRefused,
    latest_rates,
    rate_history,
    rated_currencies,
    record_rate,
)
from crowdfund.permissions import Permission, require

bp = Blueprint("fx", __name__, url_prefix="/admin/fx")

HISTORY_LENGTH = 20

bp.add_app_template_filter(format_rate, "fx_rate")


def _render_rates(form):
    latest = latest_rates()
    return render_template(
        "admin/fx.html",
        form=form,
        latest=[(currency, latest.get(currency)) for currency in rated_currencies()],
        history=rate_history(limit=HISTORY_LENGTH),
    )


@bp.get("")
@require(Permission.ADMINISTER)
def rates():
    return _render_rates(RateForm())


@bp.post("/rates")
@require(Permission.ADMINISTER)
def add_rate():
    form = RateForm()
    if form.validate_on_submit():
        try:
            fx_rate = record_rate(
                form.currency.data,
                form.rate.data,
                form.effective_date.data,
                form.source.data,
                recorded_by=acting_user(),
            )
        except RateRefused as refusal:
            form[refusal.field].errors.append(str(refusal))
        else:
            db.session.commit()
            flash(
                _(
                    "1 %(currency)s = %(rate)s MAD from %(date)s has been recorded.",
                    currency=fx_rate.currency,
                    rate=format_rate(fx_rate.rate_micro),
                    date=format_date(fx_rate.effective_date),
                ),
                "success",
            )
            return redirect(url_for(".rates"))
    return _render_rates(form)
