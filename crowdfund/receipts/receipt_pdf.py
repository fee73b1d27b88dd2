"""The receipt of one gift as a PDF, written in its donor's language."""

from flask_babel import force_locale, format_date
from flask_babel import gettext as _

from crowdfund.accounts.countries import country_names
from crowdfund.formatting import money
from crowdfund.fx.conversion import HOME_CURRENCY, format_rate
from crowdfund.receipts.printing import MUTED, PrintedDocument, isolate, reader_language


def receipt_pdf(receipt):
    """The PDF of `receipt`, in the language of the pledge's donor (whoever asks for it)."""
    language = reader_language(receipt.pledge.donor)
    with force_locale(language):
        return _write_receipt(receipt, language)


def _write_receipt(receipt, language):
    pledge = receipt.pledge
    document = PrintedDocument(_("Receipt for a gift"), language)
    document.subtitle(_("Receipt number %(number)s", number=isolate(receipt.number)))
    document.facts(_facts(receipt, pledge))
    document.paragraph(
        _(
            "Twiza confirms that it received this gift for the project named above. The money "
            "is held in the project's account and paid to the organisation milestone by "
            "milestone, once the work is shown to be done."
        )
    )
    document.paragraph(_("This receipt records a gift. It makes no statement about taxes."))
    document.paragraph(
        _("Issued by Twiza on %(date)s.", date=format_date(receipt.issued_at.date(), "long")),
        size=9,
        colour=MUTED,
    )
    return document.output()


def _facts(receipt, pledge):
    project = pledge.project
    rows = [
        (_("Receipt number"), isolate(receipt.number)),
        (_("Date of the gift (UTC)"), format_date(pledge.captured_at.date(), "long")),
        (_("Donor"), isolate(receipt.donor_name)),
        (_("Country of residence"), country_names().get(receipt.donor_country, "")),
        (_("Project"), isolate(project.title)),
        (_("Organisation"), isolate(project.organisation.name)),
        (_("Gift"), isolate(money(pledge.amount, pledge.currency))),
        (_("Gift in dirhams"), isolate(money(pledge.amount_mad, HOME_CURRENCY))),
    ]
    if pledge.currency != HOME_CURRENCY:
        rows += [
            (
                _("Exchange rate"),
                _(
                    "1 %(currency)s = %(rate)s MAD",
                    currency=pledge.currency,
                    rate=format_rate(pledge.fx_rate_micro),
                ),
            ),
            (
                _("Rate source and date"),
                _(
                    "%(source)s, %(date)s",
                    source=isolate(pledge.fx_source),
                    date=format_date(pledge.fx_rate_date, "long"),
                ),
            ),
        ]
    rows += [
        (_("Processing cost, paid on top"), isolate(money(pledge.fee_mad, HOME_CURRENCY))),
        (_("Charged to your card"), isolate(money(pledge.charge_amount, pledge.currency))),
    ]
    if pledge.refunds:
        rows.append((_("Refunded"), _refunded(pledge)))
    return rows


def _refunded(pledge):
    """What was given back, in the currency paid and, for another currency, in dirhams."""
    refunded_mad = isolate(money(pledge.refunded_mad, HOME_CURRENCY))
    if pledge.currency == HOME_CURRENCY:
        return refunded_mad
    refunded = sum(refund.amount for refund in pledge.refunds)
    return _(
        "%(amount)s (%(amount_mad)s)",
        amount=isolate(money(refunded, pledge.currency)),
        amount_mad=refunded_mad,
    )
