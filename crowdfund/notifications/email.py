"""Transactional email: a text and an HTML part rendered in the recipient's language."""

from flask import current_app
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from crowdfund.i18n import text_direction


def send_email(recipient, template, subject, locale=None, **context):
    """Send templates/emails/<template>.txt and .html to a User or an address.

    `subject` is a lazy string, rendered in `locale` (default: the recipient's
    own language). The templates are rendered without the web page context so
    that mail can be sent outside a request too.
    """
    address = getattr(recipient, "email", recipient)
    locale = (
        locale or getattr(recipient, "locale", None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )
    with force_locale(locale):
        context.update(language=locale, direction=text_direction(locale), recipient=recipient)
        text_body = _render(f"emails/{template}.txt", context)
        html_body = _render(f"emails/{template}.html", context)
        subject_text = str(subject)
    message = EmailMultiAlternatives(subject=subject_text, body=text_body, to=[address])
    message.attach_alternative(html_body, "text/html")
    message.send()
    return message


def _render(template_name, context):
    return current_app.jinja_env.get_template(template_name).render(context)
