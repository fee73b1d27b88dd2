"""Template filters that format money, numbers and dates for the current locale."""

from babel.numbers import format_currency, format_decimal
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from crowdfund.markdown import render_markdown


def money(amount_minor, currency="MAD"):
    """Format an amount in minor units, e.g. 1250000 MAD → '12 500,00 MAD' in French."""
    if amount_minor is None:
        return ""
    return format_currency(
        amount_minor / 100,
        currency,
        locale=get_locale(),
        currency_digits=True,
        format_type="standard",
    )


def money_whole(amount_minor, currency="MAD"):
    """Format an amount rounded to whole units, for headlines and progress bars."""
    if amount_minor is None:
        return ""
    locale = get_locale()
    pattern = locale.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        round(amount_minor / 100), currency, format=pattern, locale=locale, currency_digits=False
    )


def number(value):
    return format_decimal(value, locale=get_locale())


def percent(ratio):
    return format_decimal(round(ratio * 100), locale=get_locale()) + "\u00a0%"


def isolate(text):
    """`text` set apart from the sentence around it (<bdi>): a French name or source keeps its
    order inside an Arabic sentence, and the sentence's numbers do not join it."""
    return Markup("<bdi>{}</bdi>").format(text)


def place(commune, with_region=False):
    """A commune with its province (and region), joined the reader's way: "Aglif, Essaouira" in
    French, "أغليف، الصويرة" with the Arabic comma in Arabic."""
    if with_region:
        return _(
            "%(commune)s, %(province)s, %(region)s",
            commune=commune.name,
            province=commune.province.name,
            region=commune.province.region.name,
        )
    return _("%(commune)s, %(province)s", commune=commune.name, province=commune.province.name)


def coordinates(latitude, longitude, digits=5):
    """A latitude and longitude that read left to right on every page ("31.00000, -7.90000",
    never "7.90000- ,31.00000" in Arabic) yet line up with the text around them.
    `digits=None` keeps the figures as stored."""
    if digits is None:
        text = f"{latitude}, {longitude}"
    else:
        text = f"{latitude:.{digits}f}, {longitude:.{digits}f}"
    return Markup('<bdi dir="ltr">{}</bdi>').format(text)


def register_filters(app):
    app.jinja_env.filters.update(
        money=money,
        money_whole=money_whole,
        number=number,
        percent=percent,
        date=lambda value, fmt="medium": format_date(value, fmt) if value else "",
        datetime=lambda value, fmt="medium": format_datetime(value, fmt) if value else "",
        markdown=lambda text: Markup(render_markdown(text)),
        bdi=isolate,
        place=place,
    )
    app.jinja_env.globals.update(coordinates=coordinates)
