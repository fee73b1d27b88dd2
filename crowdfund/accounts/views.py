"""Views of the accounts domain: sign-up, login with a second factor, password reset, profile."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from crowdfund.accounts import mail, passwords, pending_login, services, throttling, tokens, totp
from crowdfund.accounts.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
    ResetSecondFactorForm,
    SecondFactorForm,
)
from crowdfund.accounts.models import Role
from crowdfund.accounts.sessions import acting_user
from crowdfund.extensions import db
from crowdfund.permissions import Permission, require
from crowdfund.urls import safe_next_url

bp = Blueprint("accounts", __name__, url_prefix="/account")


@bp.route("/register", methods=["GET", "POST"])
@require(Permission.ANONYMOUS_ONLY)
@throttling.per_visitor
def register():
    form = RegistrationForm(locale=str(get_locale()))
    if not form.validate_on_submit():
        return render_template("accounts/register.html", form=form)
    existing = services.find_user_by_email(form.email.data)
    if existing is None:
        user = services.create_user(
            form.email.data, form.password.data, form.name.data, form.country.data, form.locale.data
        )
        db.session.commit()
        mail.send_verification_email(user)
    else:
        # Take as long as creating the account would, and answer the same: the address's
        # owner learns of the attempt by mail, the visitor learns nothing.
        passwords.burn_verification_time(form.password.data)
        mail.send_registration_attempt_email(existing)
    return redirect(url_for(".check_inbox"))


@bp.get("/check-inbox")
@require(Permission.PUBLIC)
def check_inbox():
    return render_template("accounts/check_inbox.html")


@bp.route("/verify/<token>", methods=["GET", "POST"])
@require(Permission.PUBLIC)
def verify_email(token):
    user = tokens.user_from_email_verification_token(token)
    if user is None:
        return _invalid_link(_("This confirmation link is invalid or has expired."))
    destination = url_for(".profile" if current_user.is_authenticated else ".login")
    if user.email_verified:
        flash(_("Your email address is already confirmed."), "info")
        return redirect(destination)
    if request.method == "POST":
        services.mark_email_verified(user)
        db.session.commit()
        flash(_("Thank you: your email address is confirmed."), "success")
        return redirect(destination)
    return render_template("accounts/verify_email.html", email=user.email)


@bp.post("/resend-confirmation")
@require(Permission.AUTHENTICATED)
@throttling.per_visitor
def resend_verification():
    user = acting_user()
    if user.email_verified:
        flash(_("Your email address is already confirmed."), "info")
    else:
        mail.send_verification_email(user)
        flash(_("We have sent a new confirmation link to %(email)s.", email=user.email), "success")
    return redirect(url_for(".profile"))


@bp.route("/login", methods=["GET", "POST"])
@require(Permission.ANONYMOUS_ONLY)
@throttling.per_visitor
@throttling.per_submitted_email
def login():
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            form.form_errors.append(_("Email or password is incorrect."))
        elif user.needs_second_factor:
            pending_login.begin(user, form.next.data)
            db.session.commit()
            return redirect(url_for(".second_factor"))
        else:
            login_user(user)
            db.session.commit()
            return redirect(safe_next_url(form.next.data))
    return render_template("accounts/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@require(Permission.ANONYMOUS_ONLY)
@throttling.per_visitor
@throttling.per_pending_login
def second_factor():
    user = pending_login.pending_user()
    if user is None:
        pending_login.clear()
        flash(_("Your login took too long or was interrupted. Please log in again."), "warning")
        return redirect(url_for(".login"))
    candidate = None if user.totp_secret else pending_login.candidate_secret(totp.new_secret)
    form = SecondFactorForm()
    if form.validate_on_submit():
        if services.check_second_factor(user, form.code.data, candidate):
            next_url = pending_login.next_url()
            pending_login.clear()
            login_user(user)
            db.session.commit()
            return redirect(safe_next_url(next_url))
        form.code.errors.append(
            _("This code is not right or was already used. Wait for the next code and try again.")
        )
    return render_template(
        "accounts/second_factor.html", form=form, enrolment=_enrolment(candidate, user.email)
    )


def _enrolment(secret, email):
    """What the page shows to set up an authenticator app, or None when it is set up."""
    if secret is None:
        return None
    uri = totp.provisioning_uri(secret, email)
    # segno writes the SVG from our own URI: nothing in it comes from a visitor.
    return {"secret": secret, "qr_code": Markup(totp.qr_code_svg(uri))}


@bp.post("/logout")
@require(Permission.PUBLIC)
def logout():
    logout_user()
    pending_login.clear()
    flash(_("You are logged out."), "info")
    return redirect(url_for("catalogue.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@require(Permission.PUBLIC)
@throttling.per_visitor
@throttling.per_submitted_email
def forgot_password():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form)
    user = services.find_user_by_email(form.email.data)
    if user is not None and user.is_active:
        mail.send_password_reset_email(user)
    return redirect(url_for(".check_inbox"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@require(Permission.PUBLIC)
def reset_password(token):
    user = tokens.user_from_password_reset_token(token)
    if user is None:
        return _invalid_link(_("This password reset link is invalid, expired or already used."))
    form = ResetPasswordForm(email=user.email)
    if not form.validate_on_submit():
        return render_template("accounts/reset_password.html", form=form, email=user.email)
    services.reset_password(user, form.password.data)
    db.session.commit()
    flash(_("Your new password is saved. Every other session has been logged out."), "success")
    if user.needs_second_factor:
        logout_user()
        return redirect(url_for(".login"))
    login_user(user)
    return redirect(url_for("catalogue.index"))


def _invalid_link(message):
    return render_template("accounts/invalid_link.html", message=message), 400


@bp.route("/profile", methods=["GET", "POST"])
@require(Permission.AUTHENTICATED)
def profile():
    user = acting_user()
    form = ProfileForm(obj=user)
    if form.validate_on_submit():
        services.update_profile(user, form.name.data, form.country.data, form.locale.data)
        db.session.commit()
        session["locale"] = user.locale
        flash(_("Your profile is saved."), "success")
        return redirect(url_for(".profile"))
    return _render_profile(user, profile_form=form)


@bp.post("/password")
@require(Permission.AUTHENTICATED)
@throttling.per_visitor
def change_password():
    user = acting_user()
    form = ChangePasswordForm(email=user.email)
    if form.validate_on_submit():
        if services.change_password(user, form.current_password.data, form.password.data):
            db.session.commit()
            # The new session version ended every session, this one included: reopen it.
            login_user(user)
            flash(
                _("Your password is changed. Your other sessions have been logged out."), "success"
            )
            return redirect(url_for(".profile"))
        form.current_password.errors.append(_("Your current password is not correct."))
    return _render_profile(user, password_form=form)


@bp.post("/email")
@require(Permission.AUTHENTICATED)
@throttling.per_visitor
def change_email():
    user = acting_user()
    form = ChangeEmailForm()
    if form.validate_on_submit():
        old_address = user.email
        outcome = services.change_email(user, form.current_password.data, form.email.data)
        if outcome is services.EmailChange.CHANGED:
            db.session.commit()
            # The change ended every session, this one included: reopen it.
            login_user(user)
            mail.send_email_changed_notice(user, old_address)
            mail.send_verification_email(user)
            flash(
                _(
                    "Your email address is now %(email)s: open the link we sent there to confirm"
                    " it. Your other sessions have been logged out.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for(".profile"))
        _explain_email_refusal(form, outcome)
    return _render_profile(user, email_form=form)


def _explain_email_refusal(form, outcome):
    if outcome is services.EmailChange.WRONG_PASSWORD:
        form.current_password.errors.append(_("Your current password is not correct."))
    elif outcome is services.EmailChange.SAME_ADDRESS:
        form.email.errors.append(_("This is already your email address."))
    else:
        form.email.errors.append(_("Another account uses this email address."))


@bp.post("/second-factor/reset")
@require(Permission.AUTHENTICATED)
@throttling.per_visitor
def reset_second_factor():
    user = acting_user()
    if user.totp_secret is None:
        flash(_("Your account does not use an authenticator app."), "info")
        return redirect(url_for(".profile"))
    form = ResetSecondFactorForm()
    if form.validate_on_submit():
        if services.reset_second_factor(user, form.current_password.data, form.code.data):
            db.session.commit()
            mail.send_second_factor_reset_notice(user)
            logout_user()
            flash(
                _("Log in again to set up your new authenticator app."),
                "success",
            )
            return redirect(url_for(".login"))
        form.form_errors.append(
            _("Your current password or the code is not right. Check both and try again.")
        )
    return _render_profile(user, second_factor_form=form)


def _render_profile(user, **forms):
    """The profile page, with the form just sent (and its errors) in place of its blank one."""
    blank = {
        "profile_form": ProfileForm(formdata=None, obj=user),
        "email_form": ChangeEmailForm(formdata=None),
        "password_form": ChangePasswordForm(formdata=None, email=user.email),
        "second_factor_form": ResetSecondFactorForm(formdata=None),
    }
    return render_template(
        "accounts/profile.html",
        user=user,
        **(blank | forms),
        role_labels=[role.label for role in Role if role in user.roles],
        needs_verification=not user.email_verified,
        uses_authenticator_app=user.totp_secret is not None,
    )
