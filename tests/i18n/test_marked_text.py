"""Every word a reader sees goes through a translation function: none is left in English."""

from pathlib import Path

import pytest

from tests.i18n.messages import ROOT
from tests.i18n.python_text import unmarked_strings
from tests.i18n.template_text import unmarked_texts

TEMPLATES = sorted(
    path for path in (ROOT / "templates").rglob("*") if path.suffix in (".html", ".txt")
)
#: Python whose strings are not interface: demonstration content, and the API's own
#: documentation (OpenAPI), which is written for developers, in English.
NOT_INTERFACE = ("crowdfund/demo/", "crowdfund/api/openapi.py")
MODULES = sorted(
    path
    for path in (ROOT / "crowdfund").rglob("*.py")
    if not str(path.relative_to(ROOT)).startswith(NOT_INTERFACE)
)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(ROOT)))
def test_a_templates_text_is_marked_for_translation(template):
    source = template.read_text(encoding="utf-8")
    assert unmarked_texts(source, html=template.suffix == ".html") == []


def test_python_hands_readers_only_marked_strings():
    found = {
        str(path.relative_to(ROOT)): unmarked
        for path in MODULES
        if (unmarked := unmarked_strings(path.read_text(encoding="utf-8")))
    }
    assert found == {}


@pytest.mark.parametrize(
    "source",
    [
        "<p>Give today</p>",
        '<img src="{{ src }}" alt="A well">',
        '<input placeholder="Your name">',
        '<button aria-label="Close">×</button>',
        "<h{{ level }}>News</h{{ level }}>",
        "<p>{{ _('Hello') }}, friend</p>",
        "<p>{% trans %}Hello{% endtrans %} friend</p>",
        "{% if done %}<span>Done</span>{% endif %}",
    ],
)
def test_the_check_finds_unmarked_words_in_html(source):
    assert unmarked_texts(source, html=True) != []


@pytest.mark.parametrize(
    "source",
    [
        "<p>{{ _('Give today') }}</p>",
        "<p>{% trans name=user.name %}Hello {{ name }}{% endtrans %}</p>",
        '<img src="{{ src }}" alt="{{ _(\'A well\') }}">',
        "<script>const label = 'kept';</script><style>p { color: red }</style>",
        "<code>/api/v1/projects</code>",
        '<span class="brand-mark" aria-hidden="true">ⵜ</span> Twiza',
        "{# A comment for translators #}<p>{{ amount|money }} MAD</p>",
    ],
)
def test_the_check_lets_marked_words_code_and_names_through(source):
    assert unmarked_texts(source, html=True) == []


def test_the_check_reads_all_of_a_plain_text_mail():
    assert unmarked_texts("{{ _('Hello') }}\nThanks, the team\n", html=False) == [
        "Thanks, the team"
    ]


@pytest.mark.parametrize(
    "source",
    [
        'flash("Saved")',
        'raise ValidationError("Too long")',
        'name = StringField("Name")',
        'code = StringField(_l("Code"), description="Six digits")',
        'check = Length(max=3, message="Too long")',
    ],
)
def test_the_check_finds_unmarked_strings_in_python(source):
    assert unmarked_strings(source) != []


def test_the_check_lets_marked_python_strings_through():
    source = 'flash(_("Saved"), "success")\nname = StringField(_l("Name"), render_kw={"x": "y"})\n'
    assert unmarked_strings(source) == []


def test_every_template_is_checked():
    assert Path(ROOT / "templates" / "base.html") in TEMPLATES
    assert any(path.suffix == ".txt" for path in TEMPLATES)
