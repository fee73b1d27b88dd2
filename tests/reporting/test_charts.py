"""Bar chart geometry: bars in proportion, the disbursed part inside, mirrored for Arabic."""

from crowdfund.reporting.charts import LABEL_CHARACTERS, WIDTH, ChartRow, bar_chart, shorten


def _chart(rows, rtl=False):
    return bar_chart("test", "Title", "Description", rows, heading="Region", rtl=rtl)


def test_bars_are_in_proportion_to_the_largest():
    chart = _chart([ChartRow("Souss-Massa", 1_000, 400), ChartRow("Oriental", 250)])

    big, small = chart.bars
    assert small.bar_width * 4 == big.bar_width
    assert big.part_width == big.bar_width * 0.4
    assert small.y > big.y
    assert chart.has_part


def test_bars_stay_inside_the_picture_in_either_direction():
    rows = [ChartRow("A", 1_000, 1_000), ChartRow("B", 1)]
    for rtl in (False, True):
        for bar in _chart(rows, rtl).bars:
            assert bar.bar_x >= 0
            assert bar.bar_x + bar.bar_width <= WIDTH
            assert bar.part_x >= 0
            assert bar.part_x + bar.part_width <= WIDTH


def test_a_right_to_left_chart_is_the_mirror_image():
    rows = [ChartRow("سوس ماسة", 1_000, 300)]
    [left] = _chart(rows).bars
    [right] = _chart(rows, rtl=True).bars

    assert right.bar_x == WIDTH - left.bar_x - left.bar_width
    assert right.part_x == WIDTH - left.part_x - left.part_width
    assert right.label_x == WIDTH - left.label_x
    assert right.value_x == WIDTH - left.value_x


def test_a_chart_of_nothing_has_no_bars_and_no_division_by_zero():
    chart = _chart([ChartRow("Oriental", 0)])

    assert chart.bars[0].bar_width == 0
    assert not chart.has_part


def test_long_labels_are_shortened_in_the_picture_only():
    label = "Basic drinking water supply and basic sanitation"
    chart = _chart([ChartRow(label, 10)])

    assert chart.bars[0].short_label == shorten(label)
    assert len(chart.bars[0].short_label) == LABEL_CHARACTERS
    assert chart.bars[0].short_label.endswith("…")
    assert chart.rows[0].label == label
