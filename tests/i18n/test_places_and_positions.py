"""Places, positions and typed text read the reader's way: an Arabic comma between a commune and
its province, coordinates left to right on an Arabic page, free text in its own direction."""

import re

import pytest
from flask import render_template_string
from wtforms import DecimalField, StringField, TextAreaField

from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import MoneyField
from tests.factories import ProjectFactory

ARABIC_COMMA = "\u060c"


def _card_place(html):
    """The text of the catalogue card's place line (after its visually hidden "Place:")."""
    line = re.search(r'<span class="visually-hidden">[^<]*</span>\s*([^<]+?)\s*</p>', html)
    return line.group(1)


@pytest.mark.parametrize(("language", "separator"), [("ar", f"{ARABIC_COMMA} "), ("fr", ", ")])
def test_a_catalogue_card_joins_commune_and_province_the_readers_way(client, language, separator):
    ProjectFactory()

    html = client.get("/", headers={"Accept-Language": language}).get_data(as_text=True)

    place = _card_place(html)
    assert place.count(separator) == 1, place
    assert place.count(",") + place.count(ARABIC_COMMA) == 1, place


def test_the_arabic_project_page_names_the_organisations_seat_with_the_arabic_comma(client):
    project = ProjectFactory()

    html = client.get(f"/projects/{project.slug}", headers={"Accept-Language": "ar"}).get_data(
        as_text=True
    )

    seat = re.search(r"<dd>([^<]*" + ARABIC_COMMA + r"[^<]*)</dd>", html)
    assert seat is not None
    assert ", " not in seat.group(1)


def test_coordinates_read_left_to_right_on_an_arabic_page(client):
    project = ProjectFactory(latitude=31.0, longitude=-7.9)

    html = client.get(f"/projects/{project.slug}", headers={"Accept-Language": "ar"}).get_data(
        as_text=True
    )

    assert '<dd><bdi dir="ltr">31.00000, -7.90000</bdi></dd>' in html


class _MixedForm(BaseForm):
    title = StringField("Title")
    story = TextAreaField("Story")
    goal = MoneyField("Goal")
    latitude = DecimalField("Latitude")


def _rendered_input(html, name):
    return re.search(r"<(?:input|textarea)[^>]*\bname=\"" + name + r"\"[^>]*>", html).group(0)


def test_free_text_fields_follow_what_is_typed_and_figures_do_not(app):
    with app.test_request_context("/"):
        html = render_template_string(
            '{% from "_macros/forms.html" import field %}'
            "{% for name in ('title', 'story', 'goal', 'latitude') %}"
            "{{ field(form[name]) }}{% endfor %}",
            form=_MixedForm(meta={"csrf": False}),
        )

    assert 'dir="auto"' in _rendered_input(html, "title")
    assert 'dir="auto"' in _rendered_input(html, "story")
    assert "dir=" not in _rendered_input(html, "goal")
    assert "dir=" not in _rendered_input(html, "latitude")
