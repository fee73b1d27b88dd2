"""Language choice: the user's own choice first, then the browser's; and the switcher."""

from flask import Blueprint, current_app, has_request_context, redirect, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired

from crowdfund.extensions import db
from crowdfund.permissions import Permission, require
from crowdfund.urls import safe_next_url

#: Each language named in itself, for the switcher.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية", "es": "Español"}

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
    return request.accept_languages.best_match(supported_languages()) or "en"


def text_direction(language=None):
    language = language or str(get_locale())
    return "rtl" if language in current_app.config["RTL_LANGUAGES"] else "ltr"


class LanguageForm(FlaskForm):
    language = SelectField(validators=[InputRequired()])
    next = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = [(code, LANGUAGE_NAMES[code]) for code in supported_languages()]


@bp.post("/language")
@require(Permission.PUBLIC)
def set_language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.language.data
        if current_user.is_authenticated:
            current_user.locale = form.language.data
            db.session.commit()
    return redirect(safe_next_url(form.next.data))


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
        }
