"""Transactional email: a text and an HTML part rendered in the recipient's language."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from crowdfund.i18n import text_direction


@dataclass(frozen=True)
class RenderedEmail:
    address: str
    locale: str
    subject: str
    text_body: str
    html_body: str


def render_email(recipient, template, subject, locale=None, **context):
    """Render templates/emails/<template>.txt and .html for a User or an address.

    `subject` is a lazy string, rendered in `locale` (default: the recipient's
    own language). The templates are rendered without the web page context so
    that mail can be rendered outside a request too.
    """
    address = getattr(recipient, "email", recipient)
    locale = (
        locale or getattr(recipient, "locale", None) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )
    with force_locale(locale):
        context.update(language=locale, direction=text_direction(locale), recipient=recipient)
        return RenderedEmail(
            address=address,
            locale=locale,
            subject=str(subject),
            text_body=_render(f"emails/{template}.txt", context),
            html_body=_render(f"emails/{template}.html", context),
        )


def build_message(address, subject, text_body, html_body, headers=None, connection=None):
    """A two-part message (text, then HTML) ready for a Flask-Mailman connection."""
    message = EmailMultiAlternatives(
        subject=subject, body=text_body, to=[address], headers=headers, connection=connection
    )
    message.attach_alternative(html_body, "text/html")
    return message


def send_email(recipient, template, subject, locale=None, **context):
    """Render and send at once, outside the outbox; see `render_email` for the arguments.

    For account mail only (address confirmation, password reset): the person is
    waiting at the screen for it, its link expires within the hour or days, and
    the page offers to send it again; a copy delivered hours later by the
    outbox's retries would be stale. It reports no event that a transaction
    could lose, and it cannot be turned off. Everything else goes through
    `crowdfund.notifications.outbox.queue_email`.
    """
    rendered = render_email(recipient, template, subject, locale, **context)
    message = build_message(
        rendered.address, rendered.subject, rendered.text_body, rendered.html_body
    )
    message.send()
    return message


def _render(template_name, context):
    return current_app.jinja_env.get_template(template_name).render(context)
