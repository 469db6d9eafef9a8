"""The charts (reports.charts): SVG drawn on the server with no script and no external
address (works offline, passes the page's Content-Security-Policy), Chinese labels kept
whole, each bar, slice and dot a link to the list behind its number."""

from __future__ import annotations

import re
from decimal import Decimal

from django.test import SimpleTestCase

from childwelfare.reports import charts
from childwelfare.reports.charts import ChartPoint

URL = re.compile(r"https?://[^\s\"'<>)]+")

POINTS = (
    ChartPoint("事实无人抚养儿童", 5, "/reports/figures/?figure=children.by_category&arg=dfu"),
    ChartPoint("散居孤儿", 2, "/reports/figures/?figure=children.by_category&arg=orphan"),
    ChartPoint("困境儿童", 0, "/reports/figures/?figure=children.by_category&arg=difficulty"),
)
MONTHS = tuple(
    ChartPoint(
        f"{month}月",
        Decimal("1234.50") * month,
        f"/reports/figures/?figure=payroll.monthly_total&arg=2025-{month:02}",
    )
    for month in range(1, 13)
)


def every_chart(**options):
    return {
        "bar": charts.bar("各类儿童人数", POINTS, **options),
        "donut": charts.donut("风险颜色分布", POINTS, **options),
        "line": charts.line("月度发放总额", MONTHS, **options),
    }


class ChartTests(SimpleTestCase):
    def test_no_address_but_the_svg_namespaces_and_no_script(self):
        for standalone in (False, True):
            for name, svg in every_chart(standalone=standalone).items():
                with self.subTest(name, standalone=standalone):
                    self.assertTrue(svg.startswith("<svg"), svg[:40])
                    self.assertEqual(set(URL.findall(svg)), set(charts.SVG_NAMESPACES))
                    self.assertNotIn("<script", svg)
                    self.assertNotIn("cdn", svg.lower())

    def test_in_a_page_no_style_element_for_the_policy_to_block(self):
        for name, svg in every_chart().items():
            with self.subTest(name):
                self.assertNotIn("<style", svg)
        self.assertIn("<style", charts.bar("各类儿童人数", POINTS, standalone=True))

    def test_chinese_labels_are_kept_whole(self):
        svgs = every_chart()
        self.assertIn(">各类儿童人数<", svgs["bar"])
        self.assertIn(">事实无人抚养儿童<", svgs["bar"])
        self.assertIn(">散居孤儿<", svgs["donut"])
        self.assertIn(">12月<", svgs["line"])

    def test_each_bar_slice_and_dot_links_to_its_list(self):
        svgs = every_chart()
        for point in POINTS:
            href = f'xlink:href="{point.url.replace("&", "&amp;")}"'
            self.assertIn(href, svgs["bar"])
        for point in (POINTS[0], POINTS[1]):  # a slice of 0 has nothing to draw, but its link
            self.assertIn(f'xlink:href="{point.url.replace("&", "&amp;")}"', svgs["donut"])
        self.assertEqual(svgs["line"].count("xlink:href="), 12)

    def test_slices_carry_their_colour_in_the_legend_too(self):
        svg = charts.donut(
            "颜色", (ChartPoint("红色", 2, "/r", "#dc3545"), ChartPoint("绿色", 1, "/g", "#198754"))
        )
        for colour in ("#dc3545", "#198754"):
            self.assertIn(f'xlink:href="/{"r" if colour == "#dc3545" else "g"}" style="fill: {colour}', svg)
            self.assertRegex(svg, rf'<rect [^>]*class="color-\d reactive" style="fill: {colour}"/>')

    def test_labels_are_escaped(self):
        svg = charts.bar("<b>标题</b>", (ChartPoint('<script>alert("x")</script>', 1, "/a?x=1&y=<2>"),))
        self.assertNotIn("<script", svg)
        self.assertNotIn("<b>", svg)
        self.assertIn("&lt;script&gt;", svg)
