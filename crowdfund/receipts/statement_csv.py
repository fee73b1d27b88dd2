"""The annual giving statement as CSV, for spreadsheets.

UTF-8 with a byte order mark, so that spreadsheet programs read accents and
Arabic right; amounts are plain decimals with a point. A cell that a spreadsheet
would run as a formula (a project title starting with "=" for instance) is
prefixed with an apostrophe.
"""

import csv
import io
from decimal import Decimal

from babel.numbers import get_currency_precision
from flask_babel import force_locale
from flask_babel import gettext as _

from crowdfund.fx.conversion import HOME_CURRENCY
from crowdfund.receipts.printing import reader_language
from crowdfund.receipts.statements import EntryKind

BYTE_ORDER_MARK = "\ufeff"
#: What starts a formula in spreadsheet programs (and the characters that can hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def statement_csv(statement):
    """The CSV text of `statement`, in its donor's language, byte order mark first."""
    with force_locale(reader_language(statement.donor)):
        rows = _rows(statement)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([[_spreadsheet_safe(cell) for cell in row] for row in rows])
    return BYTE_ORDER_MARK + buffer.getvalue()


def _rows(statement):
    kinds = {EntryKind.GIFT: _("Gift"), EntryKind.REFUND: _("Refund of a gift")}
    header = [
        _("Type"),
        _("Date"),
        _("Receipt number"),
        _("Project"),
        _("Organisation"),
        _("Amount paid"),
        _("Currency"),
        _("Amount in MAD"),
    ]
    rows = [
        [
            kinds[entry.kind],
            entry.day.isoformat(),
            entry.receipt_number,
            entry.project,
            entry.organisation,
            decimal_amount(entry.amount, entry.currency),
            entry.currency,
            decimal_amount(entry.amount_mad, HOME_CURRENCY),
        ]
        for entry in statement.entries
    ]
    net = [_("Net total"), "", "", "", "", "", "", decimal_amount(statement.net_mad, HOME_CURRENCY)]
    return [header, *rows, net]


def decimal_amount(amount_minor, currency):
    """Minor units as a plain decimal: 123450 EUR → "1234.50"."""
    return str(Decimal(amount_minor).scaleb(-get_currency_precision(currency)))


def _spreadsheet_safe(cell):
    text = str(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
