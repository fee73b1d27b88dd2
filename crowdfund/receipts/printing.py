"""Printed documents (receipts, statements): A4 pages in the reader's language and direction.

Text goes through the HarfBuzz shaping engine (uharfbuzz) and the Unicode
bidirectional algorithm, so Arabic letters are joined and lines run right to
left. The Amiri font, shipped with Twiza under static/fonts/ (SIL Open Font
Licence), covers Latin and Arabic: nothing is fetched at run time.
"""

import re
from pathlib import Path

from flask import current_app
from fpdf import FPDF

from crowdfund.i18n import text_direction

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FONT_FAMILY = "Amiri"
FONT_FILES = {"": "Amiri-Regular.ttf", "B": "Amiri-Bold.ttf"}
MARGIN_MM = 20
#: Space around the text of a table cell, in millimetres.
CELL_PADDING_MM = 1.2
BLACK = (0, 0, 0)
MUTED = (90, 90, 90)
BRAND = (11, 110, 79)
HEADING_FILL = (238, 244, 241)
#: Letters of the Arabic script (the basic block, its supplements and presentation forms).
_ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def isolate(text):
    """Keep a value (a name, a title, an amount) in its own direction within a line.

    First-strong isolate: an Arabic project title stays right to left in a French
    line, a Latin name left to right in an Arabic one.
    """
    return f"\u2068{text}\u2069"


#: The languages the printing font (Amiri: Latin and Arabic letters) can draw; a reader of
#: another (Tamazight, in Tifinagh) gets documents in the default language.
PRINTED_LANGUAGES = ("en", "fr", "ar", "es")


def reader_language(user):
    """The language `user` reads documents in: their own choice when Twiza prints it."""
    printed = set(current_app.config["LANGUAGES"]) & set(PRINTED_LANGUAGES)
    return user.locale if user.locale in printed else current_app.config["BABEL_DEFAULT_LOCALE"]


class PrintedDocument:
    """An A4 page written from the reader's side: from the left in French, the right in Arabic."""

    def __init__(self, title, language):
        self.rtl = text_direction(language) == "rtl"
        self.start, self.end = ("R", "L") if self.rtl else ("L", "R")
        self._pdf = pdf = FPDF(format="A4")
        pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        pdf.set_auto_page_break(True, margin=MARGIN_MM)
        for style, name in FONT_FILES.items():
            pdf.add_font(FONT_FAMILY, style, str(FONT_DIR / name))
        pdf.set_title(title)
        pdf.set_author("Twiza")
        pdf.set_creator("Twiza")
        pdf.set_lang(language)
        pdf.add_page()
        self._line("Twiza", size=16, style="B", colour=BRAND)
        self._rule()
        self._line(title, size=20, style="B")

    def subtitle(self, text):
        self._line(text, size=12, colour=MUTED)
        self._pdf.ln(3)

    def facts(self, rows):
        """Label and value pairs, the labels in bold on the reader's starting side."""
        for label, value in rows:
            self._row((label, value), widths=(1, 2), styles=("B", ""), aligns=(self.start,) * 2)
        self._pdf.ln(4)

    def table(self, headings, rows, *, col_widths, amounts):
        """A table whose columns in `amounts` (indexes) are aligned on the far side.

        The headings come again at the top of each new page.
        """
        aligns = [self.end if index in amounts else self.start for index in range(len(headings))]
        options = {"widths": col_widths, "aligns": aligns, "size": 9.5}

        def draw_headings():
            self._row(headings, styles=("B",) * len(headings), fill=HEADING_FILL, **options)

        draw_headings()
        for cells in rows:
            self._row(cells, rule_below=True, on_new_page=draw_headings, **options)
        self._pdf.ln(4)

    def paragraph(self, text, *, size=11, colour=BLACK):
        self._set_text(text, size=size, colour=colour)
        self._pdf.multi_cell(0, size * 0.6, text, align=self.start, new_x="LMARGIN", new_y="NEXT")
        self._pdf.ln(2)

    def output(self):
        """The document as PDF bytes."""
        return bytes(self._pdf.output())

    def _row(
        self,
        cells,
        *,
        widths,
        aligns,
        size=11,
        styles=None,
        fill=None,
        rule_below=False,
        on_new_page=None,
    ):
        """One row of cells across the page, as tall as its tallest cell."""
        pdf = self._pdf
        styles = styles or ("",) * len(cells)
        scale = pdf.epw / sum(widths)
        columns = [
            (text, width * scale, style, align)
            for text, width, style, align in zip(cells, widths, styles, aligns, strict=True)
        ]
        if self.rtl:
            columns.reverse()
        line_height = size * 0.6
        lines = [self._lines(text, width, style, size) for text, width, style, _ in columns]
        height = 2 * CELL_PADDING_MM + line_height * max(len(cell) for cell in lines)
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            if on_new_page:
                on_new_page()
        top, x = pdf.get_y(), pdf.l_margin
        if fill:
            pdf.set_fill_color(*fill)
            pdf.rect(x, top, pdf.epw, height, style="F")
        for (_text, width, style, align), cell_lines in zip(columns, lines, strict=True):
            inner = width - 2 * CELL_PADDING_MM
            for number, line in enumerate(cell_lines):
                self._set_text(line, size=size, style=style)
                pdf.set_xy(x + CELL_PADDING_MM, top + CELL_PADDING_MM + number * line_height)
                pdf.cell(inner, line_height, line, align=align)
            x += width
        pdf.set_xy(pdf.l_margin, top + height)
        if rule_below:
            pdf.set_draw_color(*HEADING_FILL)
            pdf.line(pdf.l_margin, top + height, pdf.w - pdf.r_margin, top + height)

    def _lines(self, text, width, style, size):
        """The lines `text` takes in a cell `width` wide: most cells take one, and are
        measured once; longer ones are broken at spaces."""
        inner = width - 2 * CELL_PADDING_MM
        self._set_text(text, size=size, style=style)
        if self._pdf.get_string_width(text) <= inner:
            return [text]
        return self._pdf.multi_cell(inner, size * 0.6, text, dry_run=True, output="LINES")

    def _set_text(self, text, *, size, style="", colour=BLACK):
        """Font, colour and shaping for `text`.

        Digits and punctuation alone (an amount) are shaped as Latin in a left-to-right
        document: left to guess, HarfBuzz would give them the font's Arabic forms.
        """
        pdf = self._pdf
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.set_text_color(*colour)
        latin = not self.rtl and not _ARABIC_LETTER.search(text)
        pdf.set_text_shaping(
            use_shaping_engine=True,
            direction="rtl" if self.rtl else "ltr",
            script="latn" if latin else None,
        )

    def _line(self, text, *, size, style="", colour=BLACK):
        self._set_text(text, size=size, style=style, colour=colour)
        self._pdf.cell(0, size * 0.55, text, align=self.start, new_x="LMARGIN", new_y="NEXT")

    def _rule(self):
        pdf = self._pdf
        pdf.set_draw_color(*BRAND)
        pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
        pdf.ln(4)
