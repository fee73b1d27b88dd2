"""Every message the code and templates use is translated into every language offered."""

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}


@pytest.fixture(scope="module")
def used_messages():
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    messages = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS
    ):
        singular = message[0] if isinstance(message, tuple) else message
        messages.add((context, singular))
    return messages


def _catalog(language):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_message_used_is_translated(used_messages, language):
    catalog = _catalog(language)
    missing = []
    for context, singular in sorted(used_messages, key=lambda m: (m[0] or "", m[1])):
        entry = catalog.get(singular, context=context)
        strings = entry.string if entry else None
        forms = strings if isinstance(strings, tuple | list) else [strings]
        if entry is None or entry.fuzzy or not all(forms):
            missing.append(singular)
    assert missing == []


def test_arabic_has_six_plural_forms():
    assert _catalog("ar").num_plurals == 6
