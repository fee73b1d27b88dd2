"""A donor who reads Spanish gets the donor's pages, mail and receipts in Spanish."""

import html
import re

import pytest
import sqlalchemy as sa
from babel.dates import format_date

from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind, OutboxMessage
from crowdfund.receipts.receipt_pdf import receipt_pdf
from tests.factories import UserFactory
from tests.i18n.messages import catalog, donor_messages
from tests.receipts.pdf_reading import pdf_text

_TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def spanish_donor():
    return UserFactory(name="Karim Azzouzi", email="karim@example.es", locale="es", country="ES")


def english_sentences():
    """The donor's messages of three words or more, without placeholders, that Spanish changes."""
    spanish = catalog("es")
    return [
        message
        for context, message in donor_messages()
        if len(message.split()) >= 3
        and "%(" not in message
        and spanish.get(message, context=context).string != message
    ]


def visible_text(response):
    return " ".join(html.unescape(_TAG.sub(" ", response.get_data(as_text=True))).split())


def test_the_donors_pages_show_no_english_sentence(login, project, pledge, spanish_donor):
    gift = pledge(project, 500_00, who=spanish_donor)
    client = login(spanish_donor)
    pages = (
        "/",
        f"/projects/{project.slug}",
        f"/projects/{project.slug}/give",
        f"/pledges/{gift.id}",
        "/dashboard",
        "/account/statements",
        "/account/profile",
        "/account/notifications",
    )
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response)
        assert re.search(r'<html lang="es"', response.get_data(as_text=True)), path
        english = [sentence for sentence in english_sentences() if sentence in text]
        assert english == [], path


def test_the_login_and_registration_pages_are_in_spanish(client):
    client.set_cookie("language", "es")

    login = visible_text(client.get("/account/login"))
    register = visible_text(client.get("/account/register"))

    assert "¿Has olvidado tu contraseña?" in login
    assert "Crear mi cuenta" in register
    assert "España" in register


def test_the_confirmation_of_a_gift_is_mailed_in_spanish(project, pledge, spanish_donor):
    pledge(project, 100_00, who=spanish_donor)

    mail = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == NotificationKind.PLEDGE_CONFIRMED)
    ).one()
    assert mail.locale == "es"
    assert mail.subject == f"Tu donación a {project.title} está confirmada"
    assert mail.text_body.startswith("Hola, Karim Azzouzi:")
    assert '<html lang="es" dir="ltr">' in mail.html_body


def test_the_receipt_is_printed_in_spanish(project, pledge, eur_rate, spanish_donor):
    gift = pledge(project, 100_00, "EUR", who=spanish_donor)

    text = pdf_text(receipt_pdf(gift.receipt))

    for expected in (
        "Recibo de donación",
        f"Recibo número {gift.receipt.number}",
        "Donante Karim Azzouzi",
        "País de residencia España",
        "Donación 100,00 €",
        "Tipo de cambio 1 EUR = 10,85 MAD",
        format_date(gift.captured_at.date(), "long", "es"),
        "Este recibo acredita una donación.",
    ):
        assert expected in text
    assert "Receipt" not in text
