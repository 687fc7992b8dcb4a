"""Server-side SVG charts: well-formed, escaped, and the same numbers as their tables."""

import xml.etree.ElementTree as ET

import pytest

from reports.charts import Series, _nice_max, grouped_bars, heatmap, stacked_columns

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (250, 500)]
)
def test_nice_axis_maximum(value, expected):
    assert _nice_max(value) == expected


def test_stacked_columns_heights_follow_the_values():
    chart = stacked_columns(
        "Titel",
        ["2018", "2019"],
        [Series("a", "A"), Series("b", "B")],
        {"2018": {"a": 2, "b": 2}, "2019": {"a": 1}},
        category_label="Jahr",
    )
    root = ET.fromstring(str(chart.svg))
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    heights = [float(r.get("height")) for r in bars]
    assert len(bars) == 3
    assert heights[0] == heights[1] == pytest.approx(heights[2] * 2)
    assert chart.rows == [["2018", 2, 2, 4], ["2019", 1, 0, 1]]
    assert root.find(f"{SVG}title").text == "Titel"


def test_grouped_bars_and_heatmap_are_well_formed_and_escaped():
    evil = '<b onload="x">&'
    bars = grouped_bars(
        "T", [evil], [Series("in", "ein")], {evil: {"in": 3}}, category_label="Land"
    )
    grid = heatmap("T", [evil], ["2020"], {evil: {"2020": 3}}, row_label="Thema")
    for chart in (bars, grid):
        root = ET.fromstring(str(chart.svg))  # parses: nothing unescaped broke the markup
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert evil in texts
        assert "<b " not in str(chart.svg)


def test_empty_charts_say_so():
    assert stacked_columns("T", [], [], {}, category_label="Jahr").empty
    assert grouped_bars("T", [], [], {}, category_label="Land").empty
    assert heatmap("T", [], ["2020"], {}, row_label="Thema").empty
