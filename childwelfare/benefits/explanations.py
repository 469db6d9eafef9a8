"""Eligibility explanations rendered in the reader's language (issue 8, item 14).

An eligibility result (benefits.eligibility.Eligibility.as_dict(), stored on applications)
holds codes and parameters only, never sentences:

    {"kind": "de_facto_unsupported", "eligible": False, "rule": "",
     "conditions": [{"code": "age", "passed": False, "params": {"max_age": 18},
                     "notes": [{"code": "age", "params": {"on": "2026-11-02", "age": 18}}]}, ...],
     "missing_evidence": [{"code": "evidence", "params": {"parent": "father", "situation": "in_custody"}}]}

This module turns them into text when a page, a message or a refusal is shown, with the
active language's translations, so English pages show English. Parameters named `parent`,
`situation`, `disability_type` and `grade` are choice codes, translated here too. Results
stored before this format (`reasons`: Chinese sentences) are shown as they were.
"""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from childwelfare.registry.choices import DISABILITY_GRADES, DisabilityType, ParentSituation, Relation

# What each condition requires (the label beside its pass/fail mark).
CONDITION_LABELS = {
    "age": _("未满%(max_age)s周岁"),
    "hukou": _("户籍在本地"),
    "parent": _("%(parent)s符合八种情形之一，或已死亡（宣告死亡）、宣告失踪"),
    "not_orphan": _("父母并非均已死亡或宣告失踪（否则应认定为孤儿）"),
    "orphan_parent": _("%(parent)s已死亡（宣告死亡）或宣告失踪"),
    "left_behind_parents": _("父母均外出务工，或一方外出务工、另一方无监护能力"),
}

# What was found (the detail of a condition).
NOTE_TEXTS = {
    "age": _("%(on)s时%(age)s岁"),
    "hukou_unknown": _("户籍地未登记，无法核对"),
    "hukou_elsewhere": _("户籍不在本地"),
    "parent_not_recorded": _("未登记%(parent)s信息"),
    "no_situation": _("%(parent)s没有登记符合条件的情形"),
    "dead_or_missing": _("%(parent)s%(situation)s（%(start)s）"),
    "migrant": _("%(parent)s外出务工"),
    "situation": _("%(parent)s%(situation)s"),
    "out_of_contact_ok": _("%(parent)s失联，自%(start)s公安机关立案起已满6个月"),
    "out_of_contact_short": _("%(parent)s失联未满6个月（自%(start)s起，%(six_months)s满6个月）"),
    "term_ok": _("%(parent)s%(situation)s，期限%(start)s至%(end)s，满6个月"),
    "term_short": _("%(parent)s%(situation)s期限%(start)s至%(end)s不足6个月"),
    "term_open_ok": _("%(parent)s%(situation)s，未登记期限，自%(start)s起至%(on)s已满6个月"),
    "term_open_short": _(
        "%(parent)s%(situation)s，未登记期限，自%(start)s起至%(on)s未满6个月（%(six_months)s满6个月）"
    ),
    "disability_severe": _("%(parent)s重残（%(disability_type)s%(grade)s）"),
    "disability_not_severe": _(
        "%(parent)s%(disability_type)s%(grade)s，不属于重残（须一级、二级，或精神、智力残疾三级、四级）"
    ),
    "disability_ungraded": _("%(parent)s登记为重残，但未登记残疾类别和等级"),
    "both_migrant": _("父母均外出务工"),
    "one_migrant_other_unable": _("一方外出务工、另一方无监护能力"),
    "both_dead_or_missing": _("父母均死亡或宣告失踪"),
}

# What must still be supplied.
EVIDENCE_TEXTS = {
    "evidence": _("%(parent)s“%(situation)s”的证明材料"),
    "disability_certificate": _("%(parent)s的残疾人证（残疾类别、等级）"),
    "term_document": _("%(parent)s“%(situation)s”的期限文书（判决书、决定书）"),
    "child_hukou": _("儿童户口簿"),
}

_GRADES = dict(DISABILITY_GRADES)


def _param(key: str, value):
    """A parameter as shown: choice codes by their (translated) label."""
    if key == "parent":
        return Relation(value).label if value in Relation.values else value
    if key == "situation":
        return ParentSituation(value).label if value in ParentSituation.values else value
    if key == "disability_type":
        return DisabilityType(value).label if value in DisabilityType.values else value
    if key == "grade":
        return _GRADES.get(value, value)
    return value


def _text(templates: dict, item: dict) -> str:
    template = templates.get(item.get("code", ""))
    if template is None:
        return str(item.get("code", ""))
    params = {key: str(_param(key, value)) for key, value in (item.get("params") or {}).items()}
    return str(template) % params if params else str(template)


def render_condition(condition: dict) -> dict:
    """{code, passed, label, detail} of a stored condition, in the active language; detail
    joins its notes with "；"."""
    separator = str(_("；"))
    return {
        "code": condition.get("code", ""),
        "passed": bool(condition.get("passed")),
        "label": _text(CONDITION_LABELS, condition),
        "detail": separator.join(_text(NOTE_TEXTS, note) for note in condition.get("notes", [])),
    }


def render_result(result: dict) -> dict:
    """A stored result with its text, in the active language: `conditions` (every one, with
    its mark), `failing` (the failed ones), `missing_evidence` (strings), `reasons` (one line
    per condition, "label（detail）", marks left to the page). Old results (with `reasons` only) keep
    them as stored."""
    if "conditions" not in result:
        return {
            **result,
            "conditions": [],
            "failing": [],
            "legacy": True,
            "missing_evidence": [str(item) for item in result.get("missing_evidence", [])],
        }
    conditions = [render_condition(condition) for condition in result["conditions"]]
    return {
        **result,
        "conditions": conditions,
        "failing": [condition for condition in conditions if not condition["passed"]],
        "reasons": [line(condition) for condition in conditions],
        "missing_evidence": [_text(EVIDENCE_TEXTS, item) for item in result.get("missing_evidence", [])],
        "legacy": False,
    }


def line(condition: dict) -> str:
    """One rendered condition as a sentence: "label（detail）" (no mark)."""
    if condition["detail"]:
        return str(_("%(label)s（%(detail)s）")) % condition
    return condition["label"]


def _failing_text(result: dict) -> str:
    rendered = render_result(result)
    if rendered["legacy"]:
        return str(_("；")).join(rendered.get("reasons", [])[-2:])
    return str(_("；")).join(line(condition) for condition in rendered["failing"])


# The failing conditions of a stored result as one string, rendered when it is shown (a
# DomainError's params are turned into text with str() at display time).
failing_text = lazy(_failing_text, str)
