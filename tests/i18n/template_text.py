"""Finding the words of a template that a reader sees and that no translation function marks.

A template's text is what Jinja leaves once its tags, expressions and comments are
taken out: what is left between HTML tags, and the attributes people read (title,
alt, placeholder, aria-label…). `{% trans %}` blocks are translated; script, style
and code samples are code, and what is hidden from assistive technologies is
decoration (the brand's letter): all are left out. In plain-text templates (mail)
everything left is read.
"""

import re
from html.parser import HTMLParser

from jinja2 import Environment
from jinja2.lexer import (
    TOKEN_BLOCK_BEGIN,
    TOKEN_BLOCK_END,
    TOKEN_DATA,
    TOKEN_NAME,
    TOKEN_VARIABLE_BEGIN,
)

#: Attributes whose value a reader sees or hears.
READ_ATTRIBUTES = frozenset(
    {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-roledescription"}
)
#: Words that read the same in every language: the platform's name, and units and
#: abbreviations the translations keep as they are.
UNTRANSLATED_WORDS = frozenset({"Twiza", "MAD", "PDF", "CSV", "GPS", "UTC", "IATI", "km"})
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
#: What stands for a Jinja expression or tag once it is taken out of the text.
_HOLE = "\x00"
#: A tag whose name is partly an expression (`<h{{ level }}>`).
_TAG_NAME_HOLE = re.compile("(</?[A-Za-z]+)" + _HOLE)
#: Elements whose content is code, not prose.
CODE_ELEMENTS = frozenset({"script", "style", "code", "pre", "kbd", "samp"})


def template_data(source):
    """The template's literal text, each Jinja construct made a hole, trans blocks left out."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    parts = []
    depth = 0
    in_block = False
    block_names = []
    for _line, kind, value in env.lex(source):
        if kind == TOKEN_BLOCK_BEGIN:
            in_block, block_names = True, []
            continue
        if kind == TOKEN_BLOCK_END:
            in_block = False
            if block_names[:1] == ["trans"]:
                depth += 1
            elif block_names[:1] == ["endtrans"]:
                depth -= 1
            parts.append(_HOLE)
            continue
        if in_block and kind == TOKEN_NAME:
            block_names.append(value)
        if kind == TOKEN_DATA:
            parts.append("" if depth else value)
        elif kind == TOKEN_VARIABLE_BEGIN:
            parts.append(_HOLE)
    return "".join(parts)


class _ReadText(HTMLParser):
    """Collects the text and read attributes of an HTML page, skipping code and hidden parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        #: Open elements whose content is skipped, by tag name.
        self._skipping = []

    def handle_starttag(self, tag, attrs):
        nested_in_skipped = bool(self._skipping) and tag == self._skipping[-1]
        hidden = dict(attrs).get("aria-hidden") == "true"
        if nested_in_skipped or hidden or tag in CODE_ELEMENTS:
            self._skipping.append(tag)
        if self._skipping:
            return
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_startendtag(self, tag, attrs):
        if not self._skipping:
            self.texts.extend(v for n, v in attrs if n in READ_ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()

    def handle_data(self, data):
        if not self._skipping:
            self.texts.append(data)


def unmarked_texts(source, *, html):
    """The pieces of text of a template a reader sees and that are not marked for translation."""
    data = template_data(source)
    if html:
        data = _TAG_NAME_HOLE.sub(r"\1x", data)
        parser = _ReadText()
        parser.feed(data)
        parser.close()
        texts = parser.texts
    else:
        texts = [data]
    found = []
    for text in texts:
        for piece in text.split(_HOLE):
            words = [word for word in _WORD.findall(piece) if word not in UNTRANSLATED_WORDS]
            if any(_LETTER.search(word) for word in words):
                found.append(" ".join(piece.split()))
    return found
