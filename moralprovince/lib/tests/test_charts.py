import re

from moralprovince.lib.charts import bar_chart, horizontal_bar_chart, text_width, wrap_label


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


NETWORKS = [
    "แผนภาพรวมจังหวัด",
    "ภาครัฐ",
    "สาธารณสุขและอาสาสมัครต่าง ๆ",
    "เด็กและเยาวชน",
]


def label_lines(svg: str) -> list[str]:
    return re.findall(r"<tspan [^>]*>([^<]*)</tspan>", svg)


def test_horizontal_bars_name_each_group_in_full_and_say_their_values():
    svg = horizontal_bar_chart(NETWORKS, [("งบตามแผน (พันบาท)", [300, 50, 120, 1_500])])
    lines = label_lines(svg)
    for name in NETWORKS:
        assert name.replace(" ", "") in "".join(lines).replace(" ", "")
    assert "1,500" in svg and "งบตามแผน (พันบาท)" in svg
    widths = [
        float(w)
        for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="10"', svg)
    ]
    assert abs(widths[3] - 30 * widths[1]) < 2


def test_a_long_label_is_wrapped_between_words_within_its_column():
    name = "เครือข่ายสาธารณสุขและอาสาสมัครต่าง ๆ"
    lines = wrap_label(name, 120)
    assert len(lines) == 2
    assert "".join(lines) == name
    assert all(text_width(line) <= 120 for line in lines)
    assert not lines[1].startswith("ๆ")


def test_a_label_too_long_for_two_lines_is_shortened_visibly():
    lines = wrap_label("สาธารณสุขและอาสาสมัคร" * 4, 100)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(text_width(line) <= 100 for line in lines)


def test_the_legend_of_many_series_wraps_instead_of_running_off_the_chart():
    series = [(f"ชุดข้อมูลที่มีชื่อยาวมากลำดับที่ {i}", [1.0]) for i in range(4)]
    svg = bar_chart(["ต.ค."], series, width=300)
    xs = [float(x) for x in re.findall(r'<rect x="([\d.]+)" y="[\d.-]+" width="10"', svg)]
    assert max(xs) < 300
