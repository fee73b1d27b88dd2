"""The language: the visitor's choice, then their browser's; the choice is remembered."""

import re

from crowdfund.extensions import db
from crowdfund.i18n import LANGUAGE_COOKIE
from tests.factories import UserFactory

SPANISH_NAV = "Mis donaciones"
TAMAZIGHT_PROJECTS = "ⵉⵙⵏⴼⴰⵔⵏ"


def page_language(response):
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_the_browsers_language_is_used_when_nothing_was_chosen(client):
    assert page_language(client.get("/", headers={"Accept-Language": "es-ES,es;q=0.9"})) == "es"
    assert page_language(client.get("/", headers={"Accept-Language": "zgh,fr;q=0.5"})) == "zgh"
    assert page_language(client.get("/", headers={"Accept-Language": "de-DE"})) == "en"


def test_a_choice_beats_the_browsers_language(client):
    client.post("/language", data={"language": "es", "next": "/"})

    response = client.get("/", headers={"Accept-Language": "fr-FR,fr"})

    assert page_language(response) == "es"
    assert "Proyectos" in response.get_data(as_text=True)


def test_an_anonymous_visitors_choice_is_kept_in_their_browser_for_a_year(client):
    response = client.post("/language", data={"language": "zgh", "next": "/"})

    cookie = next(
        header
        for header in response.headers.getlist("Set-Cookie")
        if header.startswith(f"{LANGUAGE_COOKIE}=")
    )
    assert cookie.startswith(f"{LANGUAGE_COOKIE}=zgh;")
    assert "Max-Age=31536000" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_the_remembered_choice_holds_on_a_later_visit(app):
    later_visit = app.test_client()
    later_visit.set_cookie(LANGUAGE_COOKIE, "es")

    response = later_visit.get("/", headers={"Accept-Language": "fr-FR,fr"})

    assert page_language(response) == "es"


def test_a_remembered_language_no_longer_offered_is_ignored(app):
    visitor = app.test_client()
    visitor.set_cookie(LANGUAGE_COOKIE, "xx")

    assert page_language(visitor.get("/", headers={"Accept-Language": "fr"})) == "fr"


def test_a_signed_in_users_choice_is_saved_on_their_profile(login):
    user = UserFactory(locale="fr")
    db.session.flush()

    login(user).post("/language", data={"language": "es", "next": "/"})

    db.session.refresh(user)
    assert user.locale == "es"


def test_the_profiles_language_follows_the_user_to_another_device(login):
    user = UserFactory(locale="zgh")
    db.session.flush()

    response = login(user).get("/", headers={"Accept-Language": "fr-FR,fr"})

    assert page_language(response) == "zgh"
    assert TAMAZIGHT_PROJECTS in response.get_data(as_text=True)


def test_the_profiles_language_beats_the_cookie_of_a_shared_browser(login):
    user = UserFactory(locale="es")
    db.session.flush()
    client = login(user)
    client.set_cookie(LANGUAGE_COOKIE, "fr")

    response = client.get("/")

    assert page_language(response) == "es"
    assert SPANISH_NAV in response.get_data(as_text=True)


def test_a_new_account_takes_the_language_the_visitor_reads(client):
    client.set_cookie(LANGUAGE_COOKIE, "es")

    page = client.get("/account/register").get_data(as_text=True)

    assert '<option selected value="es">Español</option>' in page
    assert "Crear mi cuenta" in page


def test_what_tamazight_does_not_translate_shows_in_english(client):
    """The base, not another language: the page stays whole and readable in one language."""
    page = client.get("/", headers={"Accept-Language": "zgh"}).get_data(as_text=True)

    assert "ⴽⵛⵎ" in page  # Log in
    assert "Every dirham is traced from pledge to milestone." in page
    assert "Chaque dirham" not in page
    assert 'dir="ltr"' in page
