"""Converting integer amounts between a currency and the dirham at a rate kept in millionths."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.numbers import get_currency_precision
from flask_babel import format_decimal

#: Rates are stored as integers: MAD for one unit of a currency, in millionths.
RATE_DIGITS = 6
RATE_SCALE = 10**RATE_DIGITS
HOME_CURRENCY = "MAD"


def rate_from_micro(rate_micro):
    """The rate as a Decimal (10852500 → Decimal('10.8525'))."""
    return Decimal(rate_micro) / RATE_SCALE


def format_rate(rate_micro):
    """A rate for people, in the current locale, with 2 to 6 decimals ('10,8525' in French)."""
    return format_decimal(rate_from_micro(rate_micro), format="#,##0.00####")


def _divide_half_even(numerator, denominator):
    """numerator / denominator rounded to an integer, ties to even, exactly (denominator > 0)."""
    quotient, remainder = divmod(numerator, denominator)
    if 2 * remainder > denominator or (2 * remainder == denominator and quotient % 2):
        quotient += 1
    return quotient


def to_mad(amount_minor, currency, rate_micro):
    """MAD minor units for `amount_minor` minor units of `currency`, rounded half to even."""
    return _divide_half_even(
        amount_minor * rate_micro * 10 ** get_currency_precision(HOME_CURRENCY),
        RATE_SCALE * 10 ** get_currency_precision(currency),
    )


def from_mad(amount_mad_minor, currency, rate_micro):
    """Minor units of `currency` for `amount_mad_minor` MAD minor units, rounded half to even."""
    return _divide_half_even(
        amount_mad_minor * RATE_SCALE * 10 ** get_currency_precision(currency),
        rate_micro * 10 ** get_currency_precision(HOME_CURRENCY),
    )


@dataclass(frozen=True)
class Quote:
    """The rate a pledge records and its receipt prints: MAD for one unit, from where, of when."""

    currency: str
    rate_micro: int
    effective_date: date
    source: str

    @property
    def rate(self):
        return rate_from_micro(self.rate_micro)

    def to_mad(self, amount_minor):
        return to_mad(amount_minor, self.currency, self.rate_micro)

    def from_mad(self, amount_mad_minor):
        return from_mad(amount_mad_minor, self.currency, self.rate_micro)
