"""Horizontal bar charts drawn as SVG on the server: the geometry here, the markup in
templates/reporting/_chart.html.

Each bar shows an amount (raised) with, drawn over it, a part of it (disbursed).
On right-to-left pages the chart is mirrored: labels on the right, bars growing leftwards.
The SVG takes the page's text direction, so a label always ends beside its bar and
an amount always starts after it, whichever way the text runs.
"""

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 120
GAP = 6
ROW_HEIGHT = 28
BAR_HEIGHT = 18
TOP = 8
#: Labels longer than this are shortened in the picture; the table beside it has them whole.
#: At 12 px, 24 characters fit LABEL_WIDTH; 28 ran past the chart's edge in French.
LABEL_CHARACTERS = 24


@dataclass(frozen=True)
class ChartRow:
    """One category: its label, its amount, the part of it disbursed, and a count if any."""

    label: str
    value: int
    part: int = 0
    count: int | None = None


@dataclass(frozen=True)
class Bar:
    row: ChartRow
    short_label: str
    label_x: float
    bar_x: float
    bar_width: float
    part_x: float
    part_width: float
    value_x: float
    y: float
    text_y: float


@dataclass(frozen=True)
class BarChart:
    """What the template draws: `key` makes the element ids unique on the page."""

    key: str
    title: str
    description: str
    rows: list
    bars: list
    width: int
    height: int
    bar_height: int
    #: The SVG's text direction: "rtl" or "ltr", as the page's.
    direction: str
    #: The heading of the rows' labels in the table (region, month…).
    heading: str
    #: Whether the rows have a disbursed part worth drawing and listing.
    has_part: bool
    #: The heading of the rows' count in the table (projects, donors), or None.
    count_label: str | None


def bar_chart(key, title, description, rows, *, heading, rtl=False, count_label=None):
    """The BarChart of `rows` (ChartRow), in their order; mirrored when `rtl`."""
    rows = list(rows)
    largest = max((row.value for row in rows), default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * GAP) / largest if largest > 0 else 0
    bars = [_bar(row, index, scale, rtl) for index, row in enumerate(rows)]
    return BarChart(
        key=key,
        title=title,
        description=description,
        rows=rows,
        bars=bars,
        width=WIDTH,
        height=TOP * 2 + ROW_HEIGHT * max(len(rows), 1),
        bar_height=BAR_HEIGHT,
        direction="rtl" if rtl else "ltr",
        heading=heading,
        has_part=any(row.part for row in rows),
        count_label=count_label,
    )


def _bar(row, index, scale, rtl):
    bar_start = LABEL_WIDTH + GAP
    bar_width = max(row.value, 0) * scale
    part_width = min(max(row.part, 0) * scale, bar_width)
    y = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
    geometry = {
        "label_x": LABEL_WIDTH,
        "bar_x": bar_start,
        "part_x": bar_start,
        "value_x": bar_start + bar_width + GAP,
    }
    if rtl:
        geometry = {
            "label_x": WIDTH - LABEL_WIDTH,
            "bar_x": WIDTH - bar_start - bar_width,
            "part_x": WIDTH - bar_start - part_width,
            "value_x": WIDTH - bar_start - bar_width - GAP,
        }
    return Bar(
        row=row,
        short_label=shorten(row.label),
        bar_width=round(bar_width, 1),
        part_width=round(part_width, 1),
        y=y,
        text_y=y + BAR_HEIGHT / 2,
        **{name: round(value, 1) for name, value in geometry.items()},
    )


def shorten(label, limit=LABEL_CHARACTERS):
    """`label` cut to `limit` characters with an ellipsis when longer."""
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
