"""How the dashboard writes a donor's share of a project: small shares keep their decimals."""

from babel.numbers import format_percent
from flask_babel import get_locale


def share_percent(ratio):
    """A share as a percentage with up to two decimals, e.g. 0.0083 → '0.83%' in English."""
    return format_percent(round(ratio, 4), locale=get_locale(), decimal_quantization=False)


def register(blueprint):
    blueprint.add_app_template_filter(share_percent)
