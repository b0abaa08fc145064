import re

from moralprovince.lib.charts import bar_chart


def test_bars_are_drawn_in_proportion_with_thai_labels():
    svg = bar_chart(["ต.ค.", "พ.ย."], [("รายงาน", [2, 4])], width=400, height=200)
    heights = [
        float(h)
        for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', svg)
    ]
    assert heights[1] == 2 * heights[0]
    assert "ต.ค." in svg and "รายงาน" in svg
    assert svg.startswith("<svg") and svg.endswith("</svg>")


def test_labels_are_escaped():
    assert "<b>" not in bar_chart(["<b>"], [("x", [1])])
