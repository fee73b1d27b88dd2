"""The cells of the CSV exports, written as SQL so that the database formats them.

Every expression reads the same on PostgreSQL and SQLite: the exports then
stream what the database sends without touching each value in Python (see
csv_stream.py). None of them uses "%", so that the SQL can be sent as it is.
"""

import sqlalchemy as sa

#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text(column):
    """A text cell; text that would start a formula is quoted with a leading apostrophe."""
    value = sa.cast(column, sa.String)
    return sa.case(
        (sa.func.substr(value, 1, 1).in_(FORMULA_STARTS), sa.literal("'") + value),
        else_=value,
    )


def code(column):
    """A value the platform itself chose (a state, a currency code): as it is stored."""
    return sa.cast(column, sa.String)


def integer(column):
    return column


def decimal(column, digits=2):
    """An integer of minor units as a decimal number: 123456 → "1234.56", -5 → "-0.05"."""
    scale = 10**digits
    magnitude = sa.func.abs(column)
    # "/" of two integers divides with no remainder on both databases.
    units = magnitude.op("/")(scale)
    fraction = magnitude - units * scale
    # Adding the scale before cutting its leading "1" keeps the zeros: 5 → "105" → "05".
    return (
        sa.case((column < 0, "-"), else_="")
        + sa.cast(units, sa.String)
        + "."
        + sa.func.substr(sa.cast(fraction + scale, sa.String), 2)
    )


def moment(column):
    """A date, or a naive UTC datetime as "YYYY-MM-DD HH:MM:SS[.ffffff]"."""
    return sa.cast(column, sa.String)
