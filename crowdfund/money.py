"""Amounts typed by people, turned into integer minor units (centimes)."""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from crowdfund.formatting import money, money_whole

#: Spaces people (and locale formatting) put between groups of thousands.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_DIGITS = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:(?P<sep>[ ,.])[0-9]{3})(?:(?P=sep)[0-9]{3})*")


_NOT_AN_AMOUNT = _l("Enter an amount, for example 100 or 100,50.")
_NOT_AN_AMOUNT_IN_MAD = _l("Enter an amount in dirhams, for example 12 000 or 12 000,50.")


def parse_amount(text, not_an_amount=_NOT_AN_AMOUNT):
    """Minor units from an amount such as "12000", "12 000", "12,000.50" or "12 000,50".

    Every currency Twiza accepts has two decimals. Raises ValueError (with a
    message for the person who typed it) on a negative amount, more than two
    decimals, or anything that is not an amount (`not_an_amount`).
    """
    cleaned = _SPACES.sub(" ", (text or "").strip())
    if cleaned.startswith("-"):
        raise ValueError(_l("Enter an amount that is not negative."))
    if not cleaned or not re.fullmatch(r"[0-9 ,.]+", cleaned):
        raise ValueError(not_an_amount)
    whole, fraction = _split_decimals(cleaned, not_an_amount)
    if len(fraction) > 2:
        raise ValueError(_l("Enter at most two decimals (centimes)."))
    if not (_DIGITS.fullmatch(whole) or _GROUPED.fullmatch(whole)):
        raise ValueError(not_an_amount)
    digits = re.sub(r"[ ,.]", "", whole)
    return int(Decimal(f"{digits}.{fraction or '0'}") * 100)


def parse_mad(text):
    """Centimes from an amount in dirhams; see `parse_amount`."""
    return parse_amount(text, _NOT_AN_AMOUNT_IN_MAD)


def _split_decimals(text, not_an_amount):
    """(whole part, decimals) of an amount, telling a decimal mark from a thousands separator."""
    position = max(text.rfind("."), text.rfind(","))
    if position == -1:
        return text, ""
    head, mark, tail = text[:position], text[position], text[position + 1 :]
    if not _DIGITS.fullmatch(tail):
        raise ValueError(not_an_amount)
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
