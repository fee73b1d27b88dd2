"""Converting integer amounts to and from the dirham: exponents, ties to even, the identity."""

from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale

from crowdfund.fx.conversion import Quote, format_rate, from_mad, rate_from_micro, to_mad

EUR_RATE = 10_852_500  # 1 EUR = 10.8525 MAD


def test_euros_convert_to_dirhams_in_centimes():
    assert to_mad(50_000, "EUR", EUR_RATE) == 542_625  # 500.00 EUR → 5,426.25 MAD


def test_dirhams_convert_back_to_euros_in_cents():
    assert from_mad(542_625, "EUR", EUR_RATE) == 50_000


@pytest.mark.parametrize(
    ("amount_minor", "rate_micro", "expected"),
    [
        (1, 10_500_000, 10),  # 10.5 centimes: the tie goes to the even 10
        (3, 10_500_000, 32),  # 31.5 centimes: the tie goes to the even 32
        (1, 10_500_001, 11),  # just above the tie
        (1, 10_499_999, 10),  # just below the tie
        (-3, 10_500_000, -32),  # refunds round the same way
    ],
)
def test_conversion_rounds_half_to_even(amount_minor, rate_micro, expected):
    assert to_mad(amount_minor, "EUR", rate_micro) == expected


def test_from_mad_rounds_half_to_even():
    # 25 centimes at 10 MAD for one unit is 2.5 cents, which rounds to the even 2.
    assert from_mad(25, "USD", 10_000_000) == 2
    assert from_mad(35, "USD", 10_000_000) == 4


@pytest.mark.parametrize(
    ("amount_minor", "currency", "rate_micro", "expected"),
    [
        (1_000, "JPY", 65_000, 6_500),  # yen have no minor unit: 1,000 JPY → 65.00 MAD
        (1_000, "KWD", 32_500_000, 3_250),  # dinars have 3 decimals: 1.000 KWD → 32.50 MAD
        (100, "GBP", 12_704_000, 1_270),  # 1.00 GBP → 12.704 MAD → 12.70 MAD
    ],
)
def test_conversion_minds_each_currency_s_exponent(amount_minor, currency, rate_micro, expected):
    assert to_mad(amount_minor, currency, rate_micro) == expected


def test_from_mad_minds_each_currency_s_exponent():
    assert from_mad(6_500, "JPY", 65_000) == 1_000
    assert from_mad(3_250, "KWD", 32_500_000) == 1_000


def test_the_dirham_converts_to_itself():
    assert to_mad(123_456, "MAD", 1_000_000) == 123_456
    assert from_mad(123_456, "MAD", 1_000_000) == 123_456


def test_a_quote_converts_with_its_own_rate():
    quote = Quote("EUR", EUR_RATE, date(2025, 5, 12), "Bank Al-Maghrib reference rate")

    assert quote.rate == Decimal("10.8525")
    assert quote.to_mad(50_000) == 542_625
    assert quote.from_mad(50_000) == 4_607  # 500 MAD is 46.07 EUR


def test_rates_are_exact_decimals_and_formatted_per_locale():
    assert rate_from_micro(EUR_RATE) == Decimal("10.8525")
    with force_locale("fr"):
        assert format_rate(EUR_RATE) == "10,8525"
    with force_locale("en"):
        assert format_rate(10_000_000) == "10.00"
        assert format_rate(1_234_567_891) == "1,234.567891"
