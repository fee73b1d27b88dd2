"""Amounts typed in dirhams become centimes; anything doubtful is refused."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from crowdfund.forms_fields import MoneyField, PositiveAmount
from crowdfund.money import parse_mad


@pytest.mark.parametrize(
    ("text", "centimes"),
    [
        ("12000", 1_200_000),
        ("12 000", 1_200_000),
        ("12\u00a0000", 1_200_000),
        ("12\u202f000,50", 1_200_050),
        ("12,000.50", 1_200_050),
        ("12.000,50", 1_200_050),
        ("12000,50", 1_200_050),
        ("12000.5", 1_200_050),
        ("12 000,50", 1_200_050),
        ("12,000", 1_200_000),
        ("1,234,567.89", 123_456_789),
        ("0,05", 5),
        ("  450 000  ", 45_000_000),
        ("0", 0),
    ],
)
def test_parse_mad_reads_the_usual_ways_of_writing_an_amount(text, centimes):
    assert parse_mad(text) == centimes


@pytest.mark.parametrize(
    "text",
    [
        "-5",
        "- 12 000",
        "12000.505",
        "12,3456",
        "",
        "   ",
        "abc",
        "12 00",
        "1 2 3",
        "12.",
        ".5",
        "12,000.000",
        "1,23,456",
        "12 000 MAD",
        "1e5",
        "+12",
    ],
)
def test_parse_mad_refuses_negatives_extra_decimals_and_garbage(text):
    with pytest.raises(ValueError, match=r"\w"):
        parse_mad(text)


def test_parse_mad_says_why_an_amount_with_three_decimals_is_refused():
    with pytest.raises(ValueError, match="two decimals"):
        parse_mad("12000.505")


class AmountForm(Form):
    amount = MoneyField("Amount", validators=[PositiveAmount()])


def test_money_field_gives_centimes_and_shows_the_amount_as_typed(app):
    form = AmountForm(MultiDict({"amount": "1 250,50"}))
    assert form.validate()
    assert form.amount.data == 125_050
    assert form.amount._value() == "1 250,50"


def test_money_field_shows_a_saved_amount_in_dirhams():
    assert AmountForm(data={"amount": 125_050}).amount._value() == "1250.50"
    assert AmountForm(data={"amount": 1_200_000}).amount._value() == "12000"


def test_money_field_reports_an_unreadable_amount_once(app):
    form = AmountForm(MultiDict({"amount": "twelve"}))
    assert not form.validate()
    assert len(form.amount.errors) == 1
    assert form.amount.data is None


@pytest.mark.parametrize(("text", "message"), [("", "Enter an amount."), ("0", "more than 0")])
def test_money_field_requires_an_amount_above_zero(app, text, message):
    form = AmountForm(MultiDict({"amount": text}))
    assert not form.validate()
    assert len(form.amount.errors) == 1
    assert message in str(form.amount.errors[0])
