"""CSV cells, formatted by the database: amounts as decimals, formulas neutralised."""

from datetime import date

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.reporting.csv_cells import decimal, moment, text


def _cell(expression):
    return db.session.scalar(sa.select(expression))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+212600000000", "'+212600000000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Association Tighmert", "Association Tighmert"),
        ("جمعية تيغمرت", "جمعية تيغمرت"),
        ("a=b", "a=b"),
        ("", ""),
        (None, None),
    ],
)
def test_text_that_would_start_a_formula_is_quoted(value, cell):
    assert _cell(text(sa.literal(value, sa.String))) == cell


@pytest.mark.parametrize(
    ("minor_units", "cell"),
    [
        (123456, "1234.56"),
        (5, "0.05"),
        (100, "1.00"),
        (0, "0.00"),
        (-250, "-2.50"),
        (-5, "-0.05"),
        (9_007_199_254_740_993, "90071992547409.93"),
        (None, None),
    ],
)
def test_amounts_are_decimal_numbers_with_two_decimals(minor_units, cell):
    assert _cell(decimal(sa.literal(minor_units, sa.BigInteger))) == cell


def test_rates_keep_their_six_decimals():
    assert _cell(decimal(sa.literal(10_850_000, sa.BigInteger), 6)) == "10.850000"


def test_dates_read_as_iso_8601():
    assert _cell(moment(sa.literal(date(2026, 3, 9), sa.Date))) == "2026-03-09"
