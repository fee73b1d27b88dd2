"""The receipt PDF: what it says, in the donor's language, with Arabic shaped and right to left."""

import io

from babel.dates import format_date
from flask_babel import force_locale
from fpdf import FPDF

from crowdfund.formatting import money
from crowdfund.pledges.refunds import refund_pledge
from crowdfund.receipts.printing import FONT_DIR
from crowdfund.receipts.receipt_pdf import receipt_pdf
from crowdfund.timeutil import today
from tests.factories import OrganisationFactory, ProjectFactory, UserFactory
from tests.receipts.pdf_reading import glyphs_per_character, page_count, pdf_text

ARABIC_NAME = "يوسف العمراني"
ARABIC_TITLE = "بئر للماء الصالح للشرب في دوار تيغمرت"
ARABIC_ORGANISATION = "جمعية تيغمرت للتنمية"


def test_the_receipt_names_the_gift_the_donor_the_project_and_the_rate(project, pledge, eur_rate):
    captured = pledge(project, 100_00, "EUR")

    data = receipt_pdf(captured.receipt)

    text = pdf_text(data)
    assert data.startswith(b"%PDF-")
    assert page_count(data) == 1
    with force_locale("en"):
        charged = money(captured.charge_amount, "EUR")
        fee = money(captured.fee_mad, "MAD")
    for expected in (
        "Receipt for a gift",
        f"Receipt number {captured.receipt.number}",
        f"Date of the gift (UTC) {format_date(captured.captured_at.date(), 'long', 'en')}",
        "Donor Amina El Idrissi",
        "Country of residence France",
        f"Project {project.title}",
        f"Organisation {project.organisation.name}",
        "Gift €100.00",
        "Gift in dirhams MAD1,085.00",
        "Exchange rate 1 EUR = 10.85 MAD",
        f"Bank Al-Maghrib reference rate, {format_date(today(), 'long', 'en')}",
        f"Processing cost, paid on top {fee}",
        f"Charged to your card {charged}",
        "This receipt records a gift.",
    ):
        assert expected in text
    assert "deductib" not in text.lower()
    assert "Refunded" not in text


def test_the_receipt_is_written_in_the_donors_language(project, pledge, eur_rate):
    donor = UserFactory(name="Nadia Ouali", locale="fr", country="BE")
    captured = pledge(project, 100_00, "EUR", who=donor)

    text = pdf_text(receipt_pdf(captured.receipt))

    for expected in (
        "100,00 €",
        "1 085,00 MAD",
        "1 EUR = 10,85 MAD",
        "Belgique",
        format_date(captured.captured_at.date(), "long", "fr"),
    ):
        assert expected in text
    assert "Belgium" not in text


def test_a_reader_of_a_language_the_font_cannot_draw_gets_the_default_one(
    project, pledge, eur_rate
):
    """Amiri has no Tifinagh letters: a Tamazight reader's receipt would lose its month and
    country; it is printed in English instead."""
    donor = UserFactory(name="Itto Ait Baha", locale="zgh", country="ES")
    captured = pledge(project, 100_00, "EUR", who=donor)

    text = pdf_text(receipt_pdf(captured.receipt))

    assert "Spain" in text
    assert format_date(captured.captured_at.date(), "long", "en") in text


def test_a_gift_in_dirhams_has_no_exchange_rate(project, pledge):
    captured = pledge(project, 500_00)

    text = pdf_text(receipt_pdf(captured.receipt))

    assert "Gift MAD500.00" in text
    assert "Exchange rate" not in text


def test_the_receipt_keeps_the_name_and_country_the_donor_had_when_giving(project, pledge, donor):
    captured = pledge(project, 500_00)
    donor.name, donor.country = "Amina Idrissi-Benali", "ES"

    text = pdf_text(receipt_pdf(captured.receipt))

    assert "Amina El Idrissi" in text
    assert "France" in text
    assert "Benali" not in text


def test_a_refund_is_shown_on_the_receipt_in_both_currencies(
    project, pledge, gateway, admin, eur_rate
):
    captured = pledge(project, 100_00, "EUR")
    refund_pledge(captured, 542_50, "Donor asked", admin, gateway)

    text = pdf_text(receipt_pdf(captured.receipt))

    assert "Refunded €50.00 (MAD542.50)" in text
    assert captured.receipt.number in text


def _arabic_receipt(pledge):
    donor = UserFactory(name=ARABIC_NAME, locale="ar", country="FR")
    project = ProjectFactory(
        title=ARABIC_TITLE, organisation=OrganisationFactory(name=ARABIC_ORGANISATION)
    )
    return receipt_pdf(pledge(project, 500_00, who=donor).receipt)


def test_arabic_reads_right_to_left_in_logical_order(pledge):
    text = pdf_text(_arabic_receipt(pledge))

    for expected in (ARABIC_NAME, ARABIC_TITLE, ARABIC_ORGANISATION, "فرنسا"):
        assert expected in text


def test_arabic_letters_are_shaped_into_their_joined_forms(pledge):
    forms = glyphs_per_character(_arabic_receipt(pledge))

    # ي begins يوسف and ends العمراني; ل and م sit at several places in the words.
    assert forms["ي"] >= 2
    assert forms["ل"] >= 2
    assert forms["م"] >= 2
    assert forms["2"] == 1  # a digit has one form


def test_arabic_drawn_without_shaping_fails_both_checks():
    """The two checks above tell unshaped Arabic: one glyph per letter, in reverse order."""
    pdf = FPDF()
    pdf.add_font("Amiri", "", str(FONT_DIR / "Amiri-Regular.ttf"))
    pdf.add_page()
    pdf.set_font("Amiri", "", 12)
    pdf.cell(0, 10, ARABIC_NAME)
    buffer = io.BytesIO()
    pdf.output(buffer)

    assert ARABIC_NAME not in pdf_text(buffer.getvalue())
    assert glyphs_per_character(buffer.getvalue())["ي"] == 1
