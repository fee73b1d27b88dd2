"""Tamazight pages bring their own Tifinagh font, served by Twiza; other pages do not load it."""

FONT_CSS = "/static/fonts/tifinagh.css"
FONT = "/static/fonts/NotoSansTifinagh-Regular-tifinagh.woff2"


def test_a_tamazight_page_links_the_tifinagh_font(client):
    page = client.get("/", headers={"Accept-Language": "zgh"}).get_data(as_text=True)

    assert f'href="{FONT_CSS}"' in page


def test_pages_in_other_languages_do_not_load_it(client):
    for language in ("en", "fr", "ar", "es"):
        page = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)
        assert FONT_CSS not in page, language


def test_the_stylesheet_declares_the_font_for_tifinagh_letters_only(client):
    with client.get(FONT_CSS) as response:
        css = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "font/woff2" not in css  # a format(), not a type
    assert 'src: url("NotoSansTifinagh-Regular-tifinagh.woff2") format("woff2")' in css
    assert "U+2D30-2D7F" in css
    assert ":lang(zgh) body" in css


def test_the_font_is_served_as_woff2(client):
    """That it draws Tifinagh is checked in Chromium (tests/i18n/browser)."""
    with client.get(FONT) as response:
        data = response.get_data()
    assert response.status_code == 200
    assert response.mimetype == "font/woff2"
    assert data[:4] == b"wOF2"


def test_the_fonts_licence_is_shipped_beside_it(client):
    with client.get("/static/fonts/OFL-NotoSansTifinagh.txt") as response:
        licence = response.get_data(as_text=True)

    assert "The Noto Project Authors" in licence
    assert "SIL Open Font License, Version 1.1" in licence
