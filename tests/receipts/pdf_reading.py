"""Reading generated PDFs back: their text, and the glyphs that draw each letter."""

import io
import re
from collections import defaultdict

from pypdf import PdfReader

#: Invisible marks that steer the bidirectional algorithm; extracted text keeps them.
_DIRECTION_MARKS = re.compile("[\u2066-\u2069\u200e\u200f\u061c]")
_BF_CHAR = re.compile(r"<([0-9A-F]{4})> <([0-9A-F]+)>")


def pdf_text(data):
    """All the text of the PDF, direction marks removed and any run of spaces made one."""
    return " ".join(page_texts(data))


def page_texts(data):
    """The text of each page, as `pdf_text` gives it."""
    reader = PdfReader(io.BytesIO(data))
    return [
        " ".join(_DIRECTION_MARKS.sub("", page.extract_text()).split()) for page in reader.pages
    ]


def page_count(data):
    return len(PdfReader(io.BytesIO(data)).pages)


def glyphs_per_character(data):
    """{character: the most glyphs one font of the PDF draws it with}, from the ToUnicode maps.

    Text drawn without shaping uses one glyph per character; shaped Arabic draws a
    letter in its initial, medial, final or isolated form, as its place in the word asks.
    """
    reader = PdfReader(io.BytesIO(data))
    glyphs = defaultdict(set)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            cmap = font["/ToUnicode"].get_object().get_data().decode()
            for glyph, code in _BF_CHAR.findall(cmap):
                character = bytes.fromhex(code).decode("utf-16-be")
                glyphs[(font["/BaseFont"], character)].add(glyph)
    most = defaultdict(int)
    for (_font, character), drawn in glyphs.items():
        most[character] = max(most[character], len(drawn))
    return dict(most)
