"""Amounts typed by people, turned into integer minor units (centimes)."""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from crowdfund.formatting import money, money_whole

#: Spaces people (and locale formatting) put between groups of thousands.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DIGITS = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:(?P<sep>[ ,.])[0-9]{3})(?:(?P=sep)[0-9]{3})*")


def parse_mad(text):
    """Centimes from an amount in dirhams such as "12000", "12 000", "12,000.50" or "12 000,50".

    Raises ValueError (with a message for the person who typed it) on a negative
    amount, more than two decimals, or anything that is not an amount.
    """
    cleaned = _SPACES.sub(" ", (text or "").strip())
    if cleaned.startswith("-"):
        raise ValueError(_l("Enter an amount that is not negative."))
    if not cleaned or not re.fullmatch(r"[0-9 ,.]+", cleaned):
        raise ValueError(_l("Enter an amount in dirhams, for example 12 000 or 12 000,50."))
    whole, fraction = _split_decimals(cleaned)
    if len(fraction) > 2:
        raise ValueError(_l("Enter at most two decimals (centimes)."))
    if not (_DIGITS.fullmatch(whole) or _GROUPED.fullmatch(whole)):
        raise ValueError(_l("Enter an amount in dirhams, for example 12 000 or 12 000,50."))
    digits = re.sub(r"[ ,.]", "", whole)
    return int(Decimal(f"{digits}.{fraction or '0'}") * 100)


def _split_decimals(text):
    """(whole part, decimals) of an amount, telling a decimal mark from a thousands separator."""
    position = max(text.rfind("."), text.rfind(","))
    if position == -1:
        return text, ""
    head, mark, tail = text[:position], text[position], text[position + 1 :]
    if not _DIGITS.fullmatch(tail):
        raise ValueError(_l("Enter an amount in dirhams, for example 12 000 or 12 000,50."))
    other_mark = "," if mark == "." else "."
    if mark in head:
        # The mark repeats ("1,234,567"): it separates thousands.
        return text, ""
    if other_mark not in head and len(tail) == 3 and _GROUPED.fullmatch(text):
        # A lone mark before exactly three digits ("12,000", "12.000") groups thousands.
        return text, ""
    return head, tail


def format_mad(amount_minor):
    """An amount for a message: whole dirhams when there are no centimes."""
    if amount_minor % 100 == 0:
        return money_whole(amount_minor, "MAD")
    return money(amount_minor, "MAD")
