"""Each language's catalog holds the messages its readers meet, with their placeholders intact."""

import re
from gettext import c2py

import pytest
from babel.messages.catalog import TranslationError
from babel.messages.checkers import python_format
from babel.messages.pofile import read_po

from config import Config
from tests.i18n.messages import (
    ROOT,
    TAMAZIGHT_MESSAGES,
    catalog,
    donor_messages,
    untranslated,
    used_messages,
)

#: Letters of the Tifinagh block (U+2D30–U+2D7F).
TIFINAGH_LETTER = re.compile("[\u2d30-\u2d7f]")
LATIN_LETTER = re.compile("[A-Za-z]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_language_offered_has_a_catalog():
    translated = set(Config.LANGUAGES) - {Config.BABEL_DEFAULT_LOCALE}
    assert {path.parent.parent.name for path in (ROOT / "translations").glob("*/*/*.po")} == (
        translated
    )


def test_the_donors_domain_is_found_in_the_code():
    """The list of donor files still names files that exist and use messages."""
    assert len(donor_messages()) > 400
    assert (None, "Give to this project") in donor_messages()
    assert (None, "Receipt for a gift") in donor_messages()
    assert (None, "Review queue") in used_messages()


def test_every_message_a_donor_reads_is_in_spanish():
    assert untranslated("es", donor_messages()) == []


def test_spanish_leaves_the_other_pages_to_english():
    """Spanish is for donors: pages only staff and owners see are not promised in it."""
    assert untranslated("es", used_messages().keys()) != []


def test_tamazight_translates_the_donor_journeys_navigation_and_buttons():
    messages = {(None, message) for message in TAMAZIGHT_MESSAGES}
    assert messages <= used_messages().keys(), "a message of the list is no longer used"
    assert untranslated("zgh", messages) == []


def test_tamazight_is_written_in_tifinagh():
    entries = catalog("zgh")
    for message in TAMAZIGHT_MESSAGES:
        text = PLACEHOLDER.sub("", entries.get(message).string)
        assert TIFINAGH_LETTER.search(text), message
        assert not LATIN_LETTER.search(text), message


@pytest.mark.parametrize("language", ["fr", "ar", "es", "zgh"])
def test_translations_keep_the_placeholders_of_their_message(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        entries = read_po(po, locale=language)
    broken = []
    for message in entries:
        if message.id and message.string and message.python_format:
            try:
                python_format(entries, message)
            except TranslationError as error:
                broken.append((message.id, str(error)))
    assert broken == []


def test_arabic_chooses_among_six_plural_forms_as_cldr_says():
    """zero, one, two, few (3–10), many (11–99) and other (100–102)."""
    entries = catalog("ar")
    assert entries.num_plurals == 6
    choose = c2py(entries.plural_expr)
    assert [choose(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102)] == [0, 1, 2, 3, 3, 4, 4, 5, 5]
