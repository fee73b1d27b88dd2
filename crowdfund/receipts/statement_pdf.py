"""The annual giving statement as a PDF, in the donor's language."""

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from crowdfund.accounts.countries import country_names
from crowdfund.formatting import money
from crowdfund.fx.conversion import HOME_CURRENCY
from crowdfund.receipts.printing import MUTED, PrintedDocument, isolate, reader_language
from crowdfund.receipts.statements import EntryKind
from crowdfund.timeutil import today

#: Shares of the page's width: date, receipt, project, amount paid, amount in dirhams.
COLUMN_WIDTHS = (2.2, 2.4, 5.2, 2.6, 2.8)
AMOUNT_COLUMNS = {3, 4}


def statement_pdf(statement):
    """The PDF of `statement`, in its donor's language."""
    language = reader_language(statement.donor)
    with force_locale(language):
        return _write_statement(statement, language)


def _write_statement(statement, language):
    donor = statement.donor
    document = PrintedDocument(_("Giving statement %(year)s", year=statement.year), language)
    document.subtitle(_("Gifts to projects on Twiza, with their receipts"))
    document.facts(
        [
            (_("Donor"), isolate(donor.name)),
            (_("Country of residence"), country_names().get(donor.country, "")),
            (_("Year"), str(statement.year)),
        ]
    )
    document.table(
        [_("Date"), _("Receipt"), _("Project"), _("Amount paid"), _("In dirhams")],
        [_row(entry) for entry in statement.entries],
        col_widths=COLUMN_WIDTHS,
        amounts=AMOUNT_COLUMNS,
    )
    document.facts(
        [
            (_("Gifts"), isolate(money(statement.gifts_mad, HOME_CURRENCY))),
            (_("Refunded"), isolate(money(statement.refunded_mad, HOME_CURRENCY))),
            (_("Net total"), isolate(money(statement.net_mad, HOME_CURRENCY))),
        ]
    )
    document.paragraph(
        _(
            "Amounts in dirhams are at the exchange rate recorded with each gift. A refund is "
            "shown under the gift it returns, whatever its date. Dates are in UTC."
        )
    )
    document.paragraph(_("This statement records gifts. It makes no statement about taxes."))
    document.paragraph(
        _("Drawn up by Twiza on %(date)s.", date=format_date(today(), "long")),
        size=9,
        colour=MUTED,
    )
    return document.output()


def _row(entry):
    """A table row; a refund reads as one, its amounts taken off."""
    sign = "−" if entry.kind == EntryKind.REFUND else ""
    project = isolate(entry.project)
    if entry.kind == EntryKind.REFUND:
        project = _("Refund: %(project)s", project=project)
    return (
        format_date(entry.day, "medium"),
        isolate(entry.receipt_number),
        project,
        isolate(sign + money(entry.amount, entry.currency)),
        isolate(sign + money(entry.amount_mad, HOME_CURRENCY)),
    )
