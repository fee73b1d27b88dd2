"""Annual giving statements: a year's gifts with their refunds and net total, in PDF and CSV."""

import csv
import io
from datetime import datetime

import pytest

from crowdfund.pledges.refunds import refund_pledge
from crowdfund.receipts.statement_csv import statement_csv
from crowdfund.receipts.statement_pdf import statement_pdf
from crowdfund.receipts.statements import EntryKind, giving_statement, statement_years
from crowdfund.timeutil import utcnow
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory
from tests.factories.receipts import ReceiptedPledgeFactory
from tests.receipts.pdf_reading import page_texts, pdf_text

THIS_YEAR = utcnow().year


@pytest.fixture
def gifts(project, pledge, gateway, admin, eur_rate, donor):
    """This year: 500 MAD, then 100 EUR of which 50 EUR came back; last year: 300 MAD."""
    first = pledge(project, 500_00)
    second = pledge(project, 100_00, "EUR")
    refund_pledge(second, 542_50, "Donor asked", admin, gateway)
    last_year = ReceiptedPledgeFactory(
        donor=donor, amount=300_00, amount_mad=300_00, captured_at=datetime(THIS_YEAR - 1, 5, 2)
    )
    ReceiptedPledgeFactory(project=project)  # another donor's
    return first, second, last_year


def _csv_rows(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_years_are_those_with_gifts_latest_first(gifts, donor):
    assert statement_years(donor) == [THIS_YEAR, THIS_YEAR - 1]
    assert statement_years(UserFactory()) == []


def test_a_years_statement_lists_its_gifts_each_with_its_refunds_and_the_net_total(
    gifts, donor, project
):
    first, second, _last_year = gifts

    statement = giving_statement(donor, THIS_YEAR)

    assert [
        (entry.kind, entry.receipt_number, entry.amount, entry.currency, entry.amount_mad)
        for entry in statement.entries
    ] == [
        (EntryKind.GIFT, first.receipt.number, 500_00, "MAD", 500_00),
        (EntryKind.GIFT, second.receipt.number, 100_00, "EUR", 1_085_00),
        (EntryKind.REFUND, second.receipt.number, 50_00, "EUR", 542_50),
    ]
    assert {entry.project for entry in statement.entries} == {project.title}
    assert (statement.gifts_mad, statement.refunded_mad, statement.net_mad) == (
        1_585_00,
        542_50,
        1_042_50,
    )
    assert [entry.amount_mad for entry in giving_statement(donor, THIS_YEAR - 1).entries] == [
        300_00
    ]


def test_a_year_without_gifts_has_no_statement(gifts, donor):
    assert giving_statement(donor, THIS_YEAR - 2) is None
    assert giving_statement(UserFactory(), THIS_YEAR) is None


def test_the_csv_has_a_header_a_row_per_gift_and_refund_and_the_net_total(gifts, donor, project):
    first, second, _last_year = gifts

    rows = _csv_rows(statement_csv(giving_statement(donor, THIS_YEAR)))

    organisation = project.organisation.name
    assert rows == [
        [
            "Type",
            "Date",
            "Receipt number",
            "Project",
            "Organisation",
            "Amount paid",
            "Currency",
            "Amount in MAD",
        ],
        [
            "Gift",
            first.captured_at.date().isoformat(),
            first.receipt.number,
            project.title,
            organisation,
            "500.00",
            "MAD",
            "500.00",
        ],
        [
            "Gift",
            second.captured_at.date().isoformat(),
            second.receipt.number,
            project.title,
            organisation,
            "100.00",
            "EUR",
            "1085.00",
        ],
        [
            "Refund of a gift",
            second.refunds[0].created_at.date().isoformat(),
            second.receipt.number,
            project.title,
            organisation,
            "50.00",
            "EUR",
            "542.50",
        ],
        ["Net total", "", "", "", "", "", "", "1042.50"],
    ]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(donor):
    project = ProjectFactory(
        title='=HYPERLINK("http://evil.example","Click")',
        organisation=OrganisationFactory(name="@SUM(A1:A9)"),
    )
    ReceiptedPledgeFactory(donor=donor, project=project)
    ReceiptedPledgeFactory(donor=donor, project=ProjectFactory(title="+33 -1 Puits"))
    ReceiptedPledgeFactory(donor=donor, project=ProjectFactory(title="-2+3"))

    rows = _csv_rows(statement_csv(giving_statement(donor, THIS_YEAR)))

    assert [row[3] for row in rows[1:4]] == [
        '\'=HYPERLINK("http://evil.example","Click")',
        "'+33 -1 Puits",
        "'-2+3",
    ]
    assert rows[1][4] == "'@SUM(A1:A9)"
    assert rows[1][5] == "500.00"


def test_the_csv_speaks_the_donors_language(gifts, donor):
    donor.locale = "fr"

    header = _csv_rows(statement_csv(giving_statement(donor, THIS_YEAR)))[0]

    assert "Projet" in header


def test_the_pdf_lists_the_gifts_the_refund_and_the_totals(gifts, donor):
    first, second, _last_year = gifts

    text = pdf_text(statement_pdf(giving_statement(donor, THIS_YEAR)))

    for expected in (
        f"Giving statement {THIS_YEAR}",
        "Donor Amina El Idrissi",
        first.receipt.number,
        second.receipt.number,
        "€100.00 MAD1,085.00",
        "−€50.00 −MAD542.50",
        "Gifts MAD1,585.00",
        "Refunded MAD542.50",
        "Net total MAD1,042.50",
    ):
        assert expected in text
    assert "deductib" not in text.lower()


def test_a_long_statement_goes_on_over_pages_with_its_headings_on_each(donor):
    ReceiptedPledgeFactory.create_batch(45, donor=donor)

    data = statement_pdf(giving_statement(donor, THIS_YEAR))

    pages = page_texts(data)
    assert len(pages) >= 2
    with_gifts = [page for page in pages if f"{THIS_YEAR}-0000" in page]
    assert len(with_gifts) >= 2
    assert all("Date Receipt Project Amount paid In dirhams" in page for page in with_gifts)
    assert f"{THIS_YEAR}-000045" in with_gifts[-1]
