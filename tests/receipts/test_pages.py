"""The receipt and statement downloads, and the links to them on the pledge and account pages."""

import csv
import io

from crowdfund.timeutil import utcnow
from tests.factories import AdminFactory, UserFactory
from tests.factories.pledges import PledgeFactory
from tests.factories.receipts import ReceiptedPledgeFactory
from tests.receipts.pdf_reading import pdf_text

THIS_YEAR = utcnow().year


def test_the_donor_downloads_the_receipt_of_a_captured_pledge(login, project, pledge, donor):
    captured = pledge(project, 500_00)
    number = captured.receipt.number

    response = login(donor).get(f"/pledges/{captured.id}/receipt.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'inline; filename="twiza-receipt-{number}.pdf"'
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    assert f"Receipt number {number}" in pdf_text(response.data)


def test_an_administrator_gets_the_receipt_in_the_donors_language(login):
    donor = UserFactory(locale="fr", country="MA")
    receipted = ReceiptedPledgeFactory(donor=donor)

    response = login(AdminFactory(locale="en")).get(f"/pledges/{receipted.id}/receipt.pdf")

    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Maroc" in text
    assert "500,00 MAD" in text


def test_someone_elses_receipt_is_not_found(login):
    receipted = ReceiptedPledgeFactory()

    response = login(UserFactory()).get(f"/pledges/{receipted.id}/receipt.pdf")

    assert response.status_code == 404


def test_a_pledge_not_captured_has_no_receipt_to_download(login, donor):
    waiting = PledgeFactory(donor=donor)

    assert login(donor).get(f"/pledges/{waiting.id}/receipt.pdf").status_code == 404
    assert "Download the receipt" not in login(donor).get(f"/pledges/{waiting.id}").text


def test_the_pledge_page_links_its_receipt(login, project, pledge, donor):
    captured = pledge(project, 500_00)

    page = login(donor).get(f"/pledges/{captured.id}").text

    assert f'href="/pledges/{captured.id}/receipt.pdf"' in page
    assert "Download the receipt" in page
    assert captured.receipt.number in page


def test_the_account_page_links_the_statements(login, donor):
    page = login(donor).get("/account/profile").text

    assert 'href="/account/statements"' in page


def test_the_statements_page_lists_each_year_with_its_downloads(login, donor):
    ReceiptedPledgeFactory(donor=donor)

    page = login(donor).get("/account/statements").text

    assert f'href="/account/statements/{THIS_YEAR}.pdf"' in page
    assert f'href="/account/statements/{THIS_YEAR}.csv"' in page


def test_a_donor_without_gifts_is_told_where_statements_will_appear(login):
    page = login(UserFactory()).get("/account/statements").text

    assert "You have no paid gifts yet." in page
    assert "/account/statements/" not in page


def test_the_statement_downloads_as_pdf_and_as_csv(login, donor):
    receipted = ReceiptedPledgeFactory(donor=donor)
    client = login(donor)

    as_pdf = client.get(f"/account/statements/{THIS_YEAR}.pdf")
    as_csv = client.get(f"/account/statements/{THIS_YEAR}.csv")

    assert as_pdf.mimetype == "application/pdf"
    assert receipted.receipt.number in pdf_text(as_pdf.data)
    assert as_csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert as_csv.headers["Content-Disposition"] == (
        f'attachment; filename="twiza-statement-{THIS_YEAR}.csv"'
    )
    assert as_csv.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(as_csv.data.decode("utf-8-sig"))))
    assert rows[1][2] == receipted.receipt.number


def test_a_statement_holds_only_the_donors_own_gifts(login, donor):
    ReceiptedPledgeFactory(donor=donor)
    other = UserFactory()
    theirs = ReceiptedPledgeFactory(donor=other)

    rows = list(
        csv.reader(
            io.StringIO(
                login(other).get(f"/account/statements/{THIS_YEAR}.csv").data.decode("utf-8-sig")
            )
        )
    )

    assert [row[2] for row in rows[1:-1]] == [theirs.receipt.number]


def test_a_year_without_gifts_or_another_format_is_not_found(login, donor):
    ReceiptedPledgeFactory(donor=donor)
    client = login(donor)

    assert client.get(f"/account/statements/{THIS_YEAR - 1}.pdf").status_code == 404
    assert client.get(f"/account/statements/{THIS_YEAR}.xlsx").status_code == 404
