"""Language choice: the user's own choice first, then the browser's; and the switcher.

The choice is remembered three ways: in the session (this visit), on the user's
profile (signed-in users, on every device) and in a long-lived cookie (anonymous
visitors, across visits). A message a catalog does not translate shows in English,
the base every msgid is written in, never in another catalog's language: Spanish
and Tamazight translate only the donor's side, English is the one text always
complete, a Tamazight reader in Spain or the Netherlands may read no French, and
Arabic would put right-to-left text into a left-to-right page.
"""

from datetime import timedelta

from flask import Blueprint, current_app, has_request_context, redirect, request, session
from flask_babel import get_locale
from flask_login import current_user
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired

from crowdfund.extensions import db
from crowdfund.forms_base import BaseForm
from crowdfund.permissions import Permission, require
from crowdfund.urls import safe_next_url

#: Each language named in itself, for the switcher.
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "ar": "العربية",
    "es": "Español",
    "zgh": "ⵜⴰⵎⴰⵣⵉⵖⵜ (Tamaziɣt)",
}

#: The cookie that remembers an anonymous visitor's choice between visits.
LANGUAGE_COOKIE = "language"
LANGUAGE_COOKIE_MAX_AGE = timedelta(days=365)

#: Stylesheets a language needs beyond the site's own: fonts for scripts few devices have.
LANGUAGE_STYLESHEETS = {"zgh": ("fonts/tifinagh.css",)}

bp = Blueprint("i18n", __name__)


def supported_languages():
    return current_app.config["LANGUAGES"]


def select_locale():
    """The locale for this request; the default one outside a request (commands, jobs)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in supported_languages():
        return chosen
    if (
        current_user
        and current_user.is_authenticated
        and current_user.locale in supported_languages()
    ):
        return current_user.locale
    remembered = request.cookies.get(LANGUAGE_COOKIE)
    if remembered in supported_languages():
        return remembered
    return (
        request.accept_languages.best_match(supported_languages())
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def text_direction(language=None):
    language = language or str(get_locale())
    return "rtl" if language in current_app.config["RTL_LANGUAGES"] else "ltr"


class LanguageForm(BaseForm):
    language = SelectField(validators=[InputRequired()])
    next = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [(code, LANGUAGE_NAMES[code]) for code in supported_languages()]


@bp.post("/language")
@require(Permission.PUBLIC)
def set_language():
    form = LanguageForm()
    response = redirect(safe_next_url(form.next.data))
    if form.validate_on_submit():
        language = form.language.data
        session["locale"] = language
        if current_user.is_authenticated:
            current_user.locale = language
            db.session.commit()
        remember_in_browser(response, language)
    return response


def remember_in_browser(response, language):
    """Keep `language` in the visitor's browser, for their next visits (signed in or not)."""
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=LANGUAGE_COOKIE_MAX_AGE,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


def register_template_context(app):
    @app.context_processor
    def language_context():
        language = str(get_locale())
        switcher = LanguageForm(
            formdata=None, language=language, next=request.full_path.rstrip("?")
        )
        return {
            "current_language": language,
            "text_direction": text_direction(language),
            "language_form": switcher,
            "language_stylesheets": LANGUAGE_STYLESHEETS.get(language, ()),
        }
