"""Forms of the accounts domain."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    ValidationError,
)

from crowdfund.accounts.countries import country_choices
from crowdfund.accounts.passwords import MAX_LENGTH, new_password_problem
from crowdfund.accounts.services import normalise_email
from crowdfund.forms_base import BaseForm
from crowdfund.i18n import LANGUAGE_NAMES, supported_languages


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _email_field():
    return EmailField(
        _l("Email address"),
        filters=[normalise_email],
        validators=[
            InputRequired(message=_l("Enter your email address.")),
            Length(max=254, message=_l("This email address is too long.")),
            Email(message=_l("Enter a valid email address, like name@example.com.")),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _current_password_field():
    """The password the user has now: asked again before a change to how they log in."""
    return PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )


class ButtonForm(BaseForm):
    """A form that is only a button: CSRF protection and nothing else."""


class NewPasswordForm(BaseForm):
    """A new password typed twice; subclasses say whose address it must not be."""

    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(message=_l("Choose a password."))],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[
            InputRequired(message=_l("Type the password a second time.")),
            EqualTo("password", message=_l("The two passwords do not match.")),
        ],
        render_kw={"autocomplete": "new-password", "maxlength": MAX_LENGTH},
    )

    def account_email(self):
        raise NotImplementedError

    def validate_password(self, field):
        problem = new_password_problem(field.data, self.account_email())
        if problem:
            raise ValidationError(problem)


class _PersonalDetails:
    """Name, country of residence and preferred language, as asked at sign-up and on the profile."""

    name = StringField(
        _l("Full name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter your name.")),
            Length(
                max=120,
                message=lazy_ngettext(
                    "Use at most %(num)d character.", "Use at most %(num)d characters.", 120
                ),
            ),
        ],
        render_kw={"autocomplete": "name"},
    )
    country = SelectField(
        _l("Country of residence"),
        validators=[InputRequired(message=_l("Choose the country you live in."))],
        render_kw={"autocomplete": "country"},
    )
    locale = SelectField(
        _l("Preferred language"),
        validators=[InputRequired(message=_l("Choose a language."))],
    )

    def _offer_choices(self):
        self.country.choices = [("", _l("Choose a country")), *country_choices()]
        self.locale.choices = [(code, LANGUAGE_NAMES[code]) for code in supported_languages()]


class RegistrationForm(_PersonalDetails, NewPasswordForm):
    email = _email_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_choices()
        self.password.label.text = _l("Password")

    def account_email(self):
        return self.email.data


class ProfileForm(_PersonalDetails, BaseForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._offer_choices()


class LoginForm(BaseForm):
    email = EmailField(
        _l("Email address"),
        filters=[normalise_email],
        validators=[InputRequired(message=_l("Enter your email address."))],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(message=_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class SecondFactorForm(BaseForm):
    code = StringField(
        _l("6-digit code"),
        filters=[lambda value: value.replace(" ", "") if isinstance(value, str) else value],
        validators=[
            InputRequired(message=_l("Enter the code shown in your authenticator app.")),
            Length(min=6, max=6, message=_l("The code has 6 digits.")),
        ],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "numeric",
            "pattern": "[0-9 ]*",
            "maxlength": 7,
        },
    )


class ForgotPasswordForm(BaseForm):
    email = _email_field()


class ResetPasswordForm(NewPasswordForm):
    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def account_email(self):
        return self._email


class ChangePasswordForm(ResetPasswordForm):
    current_password = _current_password_field()


class ChangeEmailForm(BaseForm):
    """The new address and the password; prefixed, as it shares the profile page."""

    email = _email_field()
    current_password = _current_password_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="new-email", **kwargs)
        self.email.label.text = _l("New email address")


class ResetSecondFactorForm(SecondFactorForm):
    """A code from the authenticator app in use, and the password, to stop using that app."""

    current_password = _current_password_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="authenticator", **kwargs)
