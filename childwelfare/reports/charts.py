"""Charts of the statistics drawn on the server as SVG (pygal), for the dashboard page and the
annual report's PDF (issue 12: charts render without internet, with Chinese labels).

    bar(title, [ChartPoint(label, value, url), ...]) -> SafeString   # "<svg ...>...</svg>"
    donut(title, points)   line(title, points)

Each point's `url` (its drill-down list) becomes the link of its bar, slice or dot. The markup
holds no script and no external address: pygal's tooltip scripts (by default from a CDN) are
turned off (`js=[]`) and its inline configuration `<script>` is removed, so the page's
Content-Security-Policy (`script-src 'self'`, settings.CONTENT_SECURITY_POLICY) has nothing
to block. The only URLs left are the SVG and XLink namespaces (`SVG_NAMESPACES`).

Two forms of the same chart (`standalone`):
- in a page (default): pygal's `<style>` element is removed too (the policy's `style-src
  'self'` would block it); the page links `reports/charts.css` (fonts, axes, text) and each
  bar or slice carries its colour in a `style` attribute (allowed: `style-src-attr`);
- standalone (`standalone=True`, for a PDF or a file): pygal's own style sheet is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

SVG_NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink")

# Fonts that carry Chinese glyphs first (Linux servers and PDFs: Noto CJK / WenQuanYi;
# Windows: YaHei; macOS: PingFang), then the generic family.
FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif'
)
# Bars and lines in the site's blue; donut slices in the colours given by the caller (the
# four risk colours) or in this order.
PALETTE = ("#0d6efd", "#6f42c1", "#198754", "#fd7e14", "#dc3545", "#20c997", "#6c757d", "#ffc107")

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=PALETTE,
    font_family=FONT_FAMILY,
    title_font_family=FONT_FAMILY,
    label_font_family=FONT_FAMILY,
    major_label_font_family=FONT_FAMILY,
    value_font_family=FONT_FAMILY,
    value_label_font_family=FONT_FAMILY,
    tooltip_font_family=FONT_FAMILY,
    legend_font_family=FONT_FAMILY,
    title_font_size=18,
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    legend_font_size=14,
)

_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S)
_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# pygal's data for its tooltip script (the link, the value, positions): without the script
# it is only noise for screen readers and text extraction.
_DESC = re.compile(r"<desc\b[^>]*>.*?</desc>", re.S)
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*\?>\s*")
_LEGEND_SQUARE = re.compile(r'<rect [^>]*class="color-(\d+) reactive"/>')


@dataclass(frozen=True)
class ChartPoint:
    """One bar, slice or dot: its label (a str or lazy translation), its number (int or
    Decimal yuan), the address of the list behind it ("" for none) and, for a slice, its
    colour ("#rrggbb"; "" for the palette's)."""

    label: object
    value: int | Decimal
    url: str = ""
    colour: str = ""


def _config(title, *, standalone: bool, **options) -> dict:
    return {
        "title": str(title) if title else None,
        "style": STYLE,
        "js": [],  # no tooltip scripts (pygal's default loads them from a CDN)
        "disable_xml_declaration": True,
        "width": 800,
        "height": 400,
        "show_legend": False,
        "print_values": True,
        "truncate_label": -1,  # Chinese labels whole
        "truncate_legend": -1,
        "pretty_print": False,
        **options,
    }


def _value(point: ChartPoint, colour: str) -> dict:
    number = float(point.value) if isinstance(point.value, Decimal) else point.value
    value: dict = {"value": number, "label": str(point.label), "color": colour}
    if point.url:
        value["xlink"] = {"href": point.url, "target": "_self"}
    return value


# pygal writes coordinates with every digit of a float (94.058461538461515): two places are
# enough for a drawing, and long digit runs in a page read as masked ID numbers to the checks
# that no page shows one (testing/tests/test_mask_reconstruction.py).
_LONG_DECIMAL = re.compile(r"(?<=\d\.\d\d)\d+")


def _finish(svg: str, *, standalone: bool, description: str) -> SafeString:
    svg = _LONG_DECIMAL.sub("", svg)
    svg = _XML_DECLARATION.sub("", svg)
    svg = _SCRIPT.sub("", svg)
    svg = _COMMENT.sub("", svg)
    svg = _DESC.sub("", svg)
    if not standalone:
        svg = _STYLE.sub("", svg)
        # A name for screen readers; the numbers themselves are in the table beside the chart.
        svg = svg.replace("<svg ", f'<svg role="img" aria-label="{_attr(description)}" ', 1)
    # Built by pygal (lxml) from escaped labels; scripts removed above.
    return mark_safe(svg)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def text_width(text: str, size: int = 14) -> float:
    """The width in px of `text` at font size `size`: a Chinese character (or any wide one)
    takes the full size, others about 0.6 of it."""
    return sum(size if ord(char) >= 0x2E80 else 0.6 * size for char in text)


def _label_room(labels: Sequence[str], size: int = 14) -> dict:
    """Options that keep labels whole: pygal sizes its margins as if every character were
    0.6 of the font size, which cuts Chinese labels; the difference is added to the left
    margin (where a horizontal chart's labels stand)."""
    if not labels:
        return {}
    missing = max(text_width(label, size) - 0.6 * size * len(label) for label in labels)
    return {"margin_left": int(missing) + 12} if missing > 0 else {}


def _slanted_if_crowded(labels: Sequence[str], size: int = 14) -> dict:
    """Labels wider than their share of the x axis are slanted by 25°, with room below them
    for what pygal's 0.6-of-the-size estimate misses."""
    share = 700 / max(len(labels), 1)
    if not labels or all(text_width(label, size) + 8 <= share for label in labels):
        return {}
    missing = max(text_width(label, size) - 0.6 * size * len(label) for label in labels)
    return {"x_label_rotation": 25, "margin_bottom": int(max(missing, 0) * 0.45) + 10}


def bar(
    title, points: Sequence[ChartPoint], *, standalone: bool = False, horizontal: bool = False
) -> SafeString:
    """A bar chart, one bar per point (labels under the bars, slanted when long;
    `horizontal` for long labels). Returns the `<svg>` element as safe markup."""
    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    if horizontal:
        points = list(reversed(points))  # pygal draws the first bar at the bottom: read top-down
    labels = [str(point.label) for point in points]
    if horizontal:
        options = _label_room(labels)
    else:
        # Labels wider than their bar's share of the width are slanted.
        options = _slanted_if_crowded(labels)
    chart = chart_class(**_config(title, standalone=standalone, **options))
    chart.x_labels = [str(point.label) for point in points]
    chart.add(str(title or ""), [_value(point, point.colour or PALETTE[0]) for point in points])
    return _finish(chart.render(is_unicode=True), standalone=standalone, description=str(title or ""))


def donut(title, points: Sequence[ChartPoint], *, standalone: bool = False) -> SafeString:
    """A donut, one slice per point (a slice of 0 is not drawn; its number is still in the
    page's table), with a legend of the labels."""
    chart = pygal.Pie(**_config(title, standalone=standalone, inner_radius=0.5, show_legend=True))
    colours = [point.colour or PALETTE[index % len(PALETTE)] for index, point in enumerate(points)]
    for point, colour in zip(points, colours, strict=True):
        chart.add(str(point.label), [_value(point, colour)])
    svg = chart.render(is_unicode=True)
    # The legend's squares carry only a class (color-N): give them their slice's colour.
    svg = _LEGEND_SQUARE.sub(
        lambda found: f'{found.group(0)[:-2]} style="fill: {colours[int(found.group(1))]}"/>', svg
    )
    return _finish(svg, standalone=standalone, description=str(title or ""))


def line(title, points: Sequence[ChartPoint], *, standalone: bool = False) -> SafeString:
    """A line through the points in order (months of the year on the x axis), each dot a
    link."""
    labels = [str(point.label) for point in points]
    # Room on the right for the last point's value label.
    chart = pygal.Line(
        **_config(title, standalone=standalone, dots_size=5, margin_right=48, **_slanted_if_crowded(labels))
    )
    chart.x_labels = labels
    chart.add(str(title or ""), [_value(point, point.colour or PALETTE[0]) for point in points])
    return _finish(chart.render(is_unicode=True), standalone=standalone, description=str(title or ""))
