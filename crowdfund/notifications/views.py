"""Mail preferences in the account, and the signed one-click unsubscribe link of every mail."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from crowdfund.accounts.models import User
from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db
from crowdfund.notifications import preferences
from crowdfund.notifications.forms import PreferencesForm
from crowdfund.notifications.models import MANDATORY_KINDS, NotificationKind
from crowdfund.notifications.unsubscribe import read_unsubscribe_token
from crowdfund.permissions import Permission, require

bp = Blueprint("notifications", __name__)


@bp.route("/account/notifications", methods=["GET", "POST"])
@require(Permission.AUTHENTICATED)
def preferences_page():
    user = acting_user()
    off = preferences.turned_off_kinds(user)
    form = PreferencesForm(
        kinds=[kind for kind in NotificationKind if kind.can_be_turned_off and kind not in off]
    )
    if form.validate_on_submit():
        preferences.choose_kinds(user, set(form.kinds.data))
        db.session.commit()
        flash(_("Your email preferences are saved."), "success")
        return redirect(url_for(".preferences_page"))
    return render_template(
        "notifications/preferences.html",
        form=form,
        mandatory=[kind.label for kind in NotificationKind if kind in MANDATORY_KINDS],
    )


def _unsubscription(token):
    """(user, kind) a signed link names; 404 for a forged link or a user who is gone."""
    named = read_unsubscribe_token(token)
    if named is None or not named[1].can_be_turned_off:
        abort(404)
    user = db.session.get(User, named[0])
    if user is None:
        abort(404)
    return user, named[1]


@bp.get("/unsubscribe/<token>")
@require(Permission.PUBLIC)
def confirm_unsubscribe(token):
    """Ask first: mail programs and scanners open links, and opening must change nothing."""
    user, kind = _unsubscription(token)
    return render_template(
        "notifications/unsubscribe.html", email=user.email, kind=kind, token=token
    )


@bp.post("/unsubscribe/<token>")
@require(Permission.PUBLIC)
def unsubscribe(token):
    """Turn the kind off: from the confirmation page's button or a mail program's one-click
    POST (RFC 8058), which carries no CSRF token; the signed link is the authority."""
    user, kind = _unsubscription(token)
    preferences.turn_off(user, kind)
    db.session.commit()
    return render_template("notifications/unsubscribed.html", email=user.email, kind=kind)
