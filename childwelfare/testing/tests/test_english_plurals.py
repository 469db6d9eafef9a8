"""English counts agree with their number ("1 child", "2 children"), while the Chinese, which
has one form, reads exactly as before. Chinese puts a number before a unit with no plural, so a
plain gettext msgid gave "1 children", "1 rows" in English; the messages below are plural
entries now (blocktranslate count / ngettext), and a message with several counts is pieces,
one count each, that join into the same Chinese line."""

from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import ngettext

from childwelfare.lib.paging import paginate


def _render(template: str, language: str, **context) -> str:
    with translation.override(language):
        return " ".join(strip_tags(render_to_string(template, context)).split())


def _job(status: str, rows: int, created: int = 0, updated: int = 0, unchanged: int = 0) -> SimpleNamespace:
    return SimpleNamespace(
        status=status,
        summary={"rows": rows, "unchanged": unchanged},
        created_count=created,
        updated_count=updated,
    )


ROSTER = "registry/_import_outcome_roster.html"


def test_roster_import_outcome_counts_children_and_rows():
    one = _render(ROSTER, "en", job=_job("succeeded", 1, 1, 1, 1))
    assert one == "Import complete: 1 data row, 1 child added, 1 updated, 1 unchanged."
    two = _render(ROSTER, "en", job=_job("succeeded", 2, 2, 2, 2))
    assert two == "Import complete: 2 data rows, 2 children added, 2 updated, 2 unchanged."
    assert _render(ROSTER, "zh-hans", job=_job("succeeded", 1, 1, 2, 0)) == (
        "导入完成：数据 1 行，新增 1 人，更新 2 人，未变 0 人。"
    )


def test_roster_dry_run_outcome_counts_children_and_rows():
    one = _render(ROSTER, "en", job=_job("dry_run", 1, 1, 0))
    assert one == "Check passed: 1 data row; 1 child would be added and 0 updated. Nothing was written."
    two = _render(ROSTER, "en", job=_job("dry_run", 2, 2, 1))
    assert two == "Check passed: 2 data rows; 2 children would be added and 1 updated. Nothing was written."
    assert _render(ROSTER, "zh-hans", job=_job("dry_run", 3, 1, 2)) == (
        "校验通过：数据 3 行，将新增 1 人、更新 2 人。未写入任何数据。"
    )


@pytest.mark.parametrize(
    "template, job, english, chinese",
    [
        (
            "discovery/_import_outcome.html",
            _job("succeeded", 1, updated=1),
            "Import complete: 1 data row, 1 record screened.",
            "导入完成：数据 1 行，完成排查 1 条。",
        ),
        (
            "discovery/_import_outcome.html",
            _job("succeeded", 2, updated=2),
            "Import complete: 2 data rows, 2 records screened.",
            "导入完成：数据 2 行，完成排查 2 条。",
        ),
        (
            "discovery/_import_outcome.html",
            _job("dry_run", 1),
            "Check passed: 1 row; nothing was written.",
            "校验通过：1 行，未写入任何数据。",
        ),
        (
            "stations/_import_outcome.html",
            _job("succeeded", 1, created=1),
            "Import complete: 1 data row, 1 activity recorded.",
            "导入完成：数据 1 行，登记活动 1 项。",
        ),
        (
            "stations/_import_outcome.html",
            _job("succeeded", 2, created=2),
            "Import complete: 2 data rows, 2 activities recorded.",
            "导入完成：数据 2 行，登记活动 2 项。",
        ),
        (
            "stations/_import_outcome.html",
            _job("dry_run", 2),
            "Check passed: 2 rows; nothing was written.",
            "校验通过：2 行，未写入任何数据。",
        ),
        (
            "benefits/_import_outcome_policies.html",
            _job("succeeded", 1, updated=1),
            "Policy numbers imported: 1 row, 1 child updated",
            "已导入保单号：共 1 行，更新 1 人",
        ),
        (
            "benefits/_import_outcome_policies.html",
            _job("succeeded", 2, updated=2),
            "Policy numbers imported: 2 rows, 2 children updated",
            "已导入保单号：共 2 行，更新 2 人",
        ),
    ],
)
def test_import_outcomes(template, job, english, chinese):
    assert _render(template, "en", job=job) == english
    assert _render(template, "zh-hans", job=job) == chinese


def test_pagination_page_sizes():
    request = RequestFactory().get("/children/")
    page = paginate(request, list(range(45)))
    english = _render("includes/_pagination.html", "en", page=page)
    assert "20 rows" in english and "200 rows" in english
    chinese = _render("includes/_pagination.html", "zh-hans", page=page)
    assert "20 条" in chinese and "rows" not in chinese
    with translation.override("en"):
        assert ngettext("%(number)s 条", "%(number)s 条", 1) % {"number": 1} == "1 row"


# (msgid as in the code, the parameters, English with 1, English with 2): messages built in
# Python (messages after a step, error texts), each with ngettext in its view or service.
PYTHON = [
    ("已核实 %(count)d 条记录。", "count", {}, "1 record verified.", "2 records verified."),
    (
        "%(count)d 条记录未能核实：",
        "count",
        {},
        "1 record could not be verified: ",
        "2 records could not be verified: ",
    ),
    ("已确认 %(count)d 条记录。", "count", {}, "1 record confirmed.", "2 records confirmed."),
    (
        "%(count)d 条记录未能确认：",
        "count",
        {},
        "1 record could not be confirmed: ",
        "2 records could not be confirmed: ",
    ),
    ("已登记问题 %(count)d 个。", "count", {}, "1 problem recorded.", "2 problems recorded."),
    ("已计算：%(children)s 人", "children", {}, "Computed: 1 child", "Computed: 2 children"),
    ("，%(lines)s 条明细", "lines", {}, ", 1 line", ", 2 lines"),
    (
        "；其中 %(held)s 人没有有效的发放账户，暂缓发放 %(amount)s 元",
        "held",
        {"amount": "9.00"},
        "; 1 child has no active account, 9.00 yuan held",
        "; 2 children have no active account, 9.00 yuan held",
    ),
    (
        "已生成%(area)s%(year)s年参保名单：新增 %(n)s 人",
        "n",
        {"area": "玄武区", "year": 2026},
        "Roster of 玄武区 for 2026 generated: 1 child added",
        "Roster of 玄武区 for 2026 generated: 2 children added",
    ),
    (
        "已批准：写入 %(n)s 条新标准，自 %(day)s 起执行，原标准于前一日截止",
        "n",
        {"day": "2026-07-01"},
        "Approved: 1 new standard from 2026-07-01; the old one ends the day before",
        "Approved: 2 new standards from 2026-07-01; the old ones end the day before",
    ),
    (
        "专项排查已启动，生成排查记录 %(count)d 条。",
        "count",
        {},
        "Screening campaign started: 1 screening record created.",
        "Screening campaign started: 2 screening records created.",
    ),
    (
        "合并转入的%(what)s有%(n)s条已删除或转出",
        "n",
        {"what": "走访"},
        "1 record (走访) moved in by the merge has been deleted or moved out",
        "2 records (走访) moved in by the merge have been deleted or moved out",
    ),
    ("另有 %(n)s 处错误未列出", "n", {}, "1 more error not listed", "2 more errors not listed"),
    ("共 %(n)s 条", "n", {}, "1 row", "2 rows"),
]


@pytest.mark.parametrize("msgid, key, params, one, two", PYTHON, ids=[row[0] for row in PYTHON])
def test_python_messages(msgid, key, params, one, two):
    for n, english in ((1, one), (2, two)):
        values = {**params, key: n}
        with translation.override("en"):
            assert ngettext(msgid, msgid, n) % values == english
        with translation.override("zh-hans"):
            assert ngettext(msgid, msgid, n) % values == msgid % values


# Template messages not rendered above: (msgid, the count's name, other parameters, 1, 2).
TEMPLATES = [
    ("（今天 %(age)s 岁）", "age", {}, "(1 year old today)", "(2 years old today)"),
    (
        "近 %(days)s 天内本辖区由红色或黄色降低的评定",
        "days",
        {},
        "Gradings lowered from red or yellow in your area in the last 1 day",
        "Gradings lowered from red or yellow in your area in the last 2 days",
    ),
    ("%(label)s %(days)s 天", "days", {"label": "Red"}, "Red 1 day", "Red 2 days"),
    ("%(counter)s 人", "counter", {}, "1 child", "2 children"),
    ("%(counter)s 人 · %(amount)s 元", "counter", {"amount": "5"}, "1 child · 5 yuan", "2 children · 5 yuan"),
    ("共 %(total)s 条", "total", {}, "1 record", "2 records"),
    ("逾期 %(days)s 天", "days", {}, "1 day overdue", "2 days overdue"),
    ("%(days)s 天", "days", {}, "1 day", "2 days"),
    ("共 %(total)s 个问题", "total", {}, "1 problem", "2 problems"),
    ("%(n)s 个问题已逾期", "n", {}, "1 problem overdue", "2 problems overdue"),
    ("登记问题 %(n)s 个", "n", {}, "1 problem recorded", "2 problems recorded"),
    ("共 %(total)s 名儿童待排查", "total", {}, "1 child to screen", "2 children to screen"),
    (
        "已过结束日期，仍有 %(n)s 条记录未确认。",
        "n",
        {},
        "The end date has passed and 1 record is still unconfirmed.",
        "The end date has passed and 2 records are still unconfirmed.",
    ),
]


@pytest.mark.parametrize("msgid, key, params, one, two", TEMPLATES, ids=[row[0] for row in TEMPLATES])
def test_template_messages(msgid, key, params, one, two):
    test_python_messages(msgid, key, params, one, two)


def test_median_hours_unit_is_lower_case():
    """QA saw "3 Hours" on the dashboard: the figure's unit shared its msgid with the deadline
    rules' unit label "Hours"; it has its own (context "unit of a figure") now."""
    from childwelfare.deadlines.rules import Unit
    from childwelfare.reports.figures import figure
    from childwelfare.reports.units import unit_for

    hours = figure("mandatory_reports.ack_median_hours").unit
    with translation.override("en"):
        assert unit_for(hours, Decimal("3.0")) == "hours"
        assert unit_for(hours, Decimal("1.0")) == "hour"
        assert Unit.HOURS.label == "Hours"  # a choice label keeps its capital
    with translation.override("zh-hans"):
        assert unit_for(hours, Decimal("3.0")) == "小时"


@pytest.mark.parametrize(
    "key, one, two, chinese",
    [
        ("children.by_category", "child", "children", "人"),
        ("stations.workstations", "station", "stations", "个"),
        ("stations.projects", "project", "projects", "个"),
        ("mandatory_reports.received", "item", "items", "件"),
    ],
)
def test_figure_units_agree_with_the_number(key, one, two, chinese):
    """The dashboard, the drill-down page and the annual report print a figure's unit beside
    its number: "1 child", "0 children", "2 children" (it read "1 children")."""
    from childwelfare.reports.figures import figure

    unit = figure(key).unit
    page = Template("{% load figures %}{{ unit|unit_for:1 }}/{{ unit|unit_for:0 }}/{{ unit|unit_for:2 }}")
    with translation.override("en"):
        assert page.render(Context({"unit": unit})) == f"{one}/{two}/{two}"
        assert str(unit) == two  # a column heading
    with translation.override("zh-hans"):
        assert page.render(Context({"unit": unit})) == f"{chinese}/{chinese}/{chinese}"
    assert Template("{% load figures %}{{ unit|unit_for:1 }}").render(Context({"unit": "元"})) == "元"


ROWS = [
    ("（第%(rows)s行）", "n", {"rows": "5"}, " (row 5)", " (rows 5)"),
    (
        "新增“%(name)s”（第%(rows)s行）",
        "n",
        {"name": "梅园", "rows": "5"},
        'Create "梅园" (row 5)',
        'Create "梅园" (rows 5)',
    ),
    ("（%(score)s 分）", "score", {}, " (1 point)", " (2 points)"),
]


@pytest.mark.parametrize("msgid, key, params, one, two", ROWS, ids=[row[0] for row in ROWS])
def test_row_numbers_and_points(msgid, key, params, one, two):
    test_python_messages(msgid, key, params, one, two)


def _plural_msgids() -> set[str]:
    po = (settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found = set()
    for block in po.split("\n\n"):
        if (
            "msgid_plural" in block and "\nmsgctxt " not in f"\n{block}"
        ):  # gettext and blocktranslate: no context
            head = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M).group(1)
            found.add("".join(re.findall(r'"((?:[^"\\]|\\.)*)"', head)))
    return found


BLOCK = re.compile(
    r"\{% blocktranslate(?P<args>[^%]*)%\}(?P<body>.*?)(?:\{% plural %\}.*?)?\{% endblocktranslate %\}", re.S
)


def test_no_plain_use_of_a_plural_msgid():
    """A msgid the catalog holds with a plural is not found by a plain gettext: such a use
    shows Chinese on the English page (it happened to the printed visit form's score)."""
    plural = _plural_msgids()
    plain = []
    root = settings.BASE_DIR
    for path in [*root.glob("childwelfare/**/templates/**/*.html"), *root.glob("templates/**/*.html")]:
        for match in BLOCK.finditer(path.read_text(encoding="utf-8")):
            msgid = re.sub(r"\{\{ *(\w+) *\}\}", r"%(\1)s", match.group("body"))
            if " count " not in match.group("args") and msgid in plural:
                plain.append(f"{path.relative_to(root)}: {msgid}")
    for path in root.glob("childwelfare/**/*.py"):
        if "tests" in path.parts:
            continue
        for match in re.finditer(r'(?<![\w.])_\(\s*"([^"]+)"\s*\)', path.read_text(encoding="utf-8")):
            if match.group(1) in plural:
                plain.append(f"{path.relative_to(root)}: {match.group(1)}")
    assert plain == []
