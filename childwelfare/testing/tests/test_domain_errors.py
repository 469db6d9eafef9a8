"""Every rule message is translatable, and the English interface shows it in English.

The first test reads the source of every module of the project (tests and migrations
aside) with `ast`: each construction of a `lib.errors.DomainError` subclass must pass a
gettext_lazy call with a literal Chinese msgid (or hand on `.message` of a caught DomainError),
a stable snake_case `code`, and exactly the `params` its %(name)s placeholders name. So a
plain or f-string rule message cannot come back unnoticed.

The two English tests (marked NEEDS THE .po) need the translations of locale/en: the
msgids of this change are listed with their English in locale/en/LC_MESSAGES/errors.po.new
until that file is merged into django.po and compiled.
"""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from childwelfare.lib.errors import DomainError

PACKAGE = Path(__file__).resolve().parents[2]
ROOT = PACKAGE.parent
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
CODE = re.compile(r"^[a-z][a-z0-9_]*$")
# Helpers that take a message and raise a DomainError with it, checked like the classes.
REFUSE_HELPERS = {"_refuse"}

# Raises left as they are for the shared transition mechanism of issue 7 (item 4), which
# replaces these helpers and ad-hoc state updates, and for the policy-number import, which
# moves onto the shared import engine (item 6). Keyed by (function, message text with {}
# for interpolations). An entry that no longer matches anything fails the test: remove it.
PENDING_ELSEWHERE = {
    ("_import_policy_numbers", "您不能导入保单号"),
}


@dataclass(frozen=True)
class Raise:
    path: str
    line: int
    function: str
    text: str  # the message as written, {} for interpolations
    problem: str  # "" when the call is as it should be
    msgid: str = ""


def project_modules() -> list[tuple[Path, str]]:
    """(path, dotted module name) of every project module but tests, test helpers
    (childwelfare.testing) and migrations."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if any(part in {"tests", "migrations", "tests_browser"} or part.startswith("test") for part in parts):
            continue
        found.append((path, ".".join(part for part in parts if part != "__init__")))
    return found


def _resolve(node: ast.expr, namespace: dict):
    if isinstance(node, ast.Name):
        return namespace.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, namespace)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _is_refusal(node: ast.Call, namespace: dict) -> bool:
    target = _resolve(node.func, namespace)
    if isinstance(target, type) and issubclass(target, DomainError):
        return True
    return isinstance(node.func, ast.Name) and node.func.id in REFUSE_HELPERS and callable(target)


def _text(node: ast.expr | None) -> str:
    if node is None:
        return ""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    if isinstance(node, ast.Call) and node.args:
        return _text(node.args[0])
    return ast.unparse(node)


def _keyword(node: ast.Call, name: str) -> ast.expr | None:
    return next((kw.value for kw in node.keywords if kw.arg == name), None)


def _check(node: ast.Call, namespace: dict) -> tuple[str, str]:
    """(problem or "", msgid or "") of one construction of a DomainError. The message must
    be gettext_lazy (whatever its local name): it is rendered when shown, in the language of
    that moment, not in the language active where it was raised."""
    message = node.args[0] if node.args else _keyword(node, "message")
    if isinstance(message, ast.Attribute) and message.attr == "message":
        return "", ""  # a caught DomainError handed on: its own call was checked
    is_gettext = (
        isinstance(message, ast.Call)
        and _resolve(message.func, namespace) is gettext_lazy
        and len(message.args) == 1
        and isinstance(message.args[0], ast.Constant)
        and isinstance(message.args[0].value, str)
    )
    if not is_gettext:
        return "the message is not a gettext_lazy call with a literal msgid", ""
    msgid = message.args[0].value
    code = _keyword(node, "code")
    if not (isinstance(code, ast.Constant) and isinstance(code.value, str) and CODE.match(code.value)):
        return "no literal snake_case code=", msgid
    params = _keyword(node, "params")
    wanted = set(PLACEHOLDER.findall(msgid))
    if params is None:
        given = set()
    elif isinstance(params, ast.Dict) and all(
        isinstance(key, ast.Constant) and isinstance(key.value, str) for key in params.keys
    ):
        given = {key.value for key in params.keys}
    else:
        return "params= is not a dict literal with string keys", msgid
    if wanted != given:
        return f"placeholders {sorted(wanted)} but params {sorted(given)}", msgid
    if given and re.search(r"%(?!\(\w+\)s|%)", msgid):
        return "a lone % in a message with params (write %%)", msgid
    return "", msgid


def refusals() -> list[Raise]:
    """Every construction of a DomainError (or call of a refusal helper) in the project."""
    found = []
    for path, dotted in project_modules():
        namespace = vars(importlib.import_module(dotted))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [
            node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _is_refusal(node, namespace):
                problem, msgid = _check(node, namespace)
                message = node.args[0] if node.args else _keyword(node, "message")
                found.append(
                    Raise(
                        path=str(path.relative_to(ROOT)),
                        line=node.lineno,
                        function=_innermost_function(functions, node),
                        text=_text(message),
                        problem=problem,
                        msgid=msgid,
                    )
                )
    return found


def _innermost_function(functions, node) -> str:
    best = ("", -1)
    for function in functions:
        if function.lineno <= node.lineno <= (function.end_lineno or function.lineno):
            if function.lineno > best[1]:
                best = (function.name, function.lineno)
    return best[0]


@pytest.fixture(scope="module")
def all_refusals() -> list[Raise]:
    return refusals()


def test_every_rule_message_is_a_gettext_lazy_call_with_a_code(all_refusals):
    assert len(all_refusals) > 100  # the walk found the services (a broken walk finds none)
    bad = [
        f"{r.path}:{r.line} {r.function}: {r.problem} ({r.text})"
        for r in all_refusals
        if r.problem and (r.function, r.text) not in PENDING_ELSEWHERE
    ]
    assert not bad, "untranslatable or uncoded rule messages:\n" + "\n".join(bad)


def test_pending_exemptions_still_exist(all_refusals):
    """An exemption whose raise was converted (or removed) must leave the list."""
    still = {(r.function, r.text) for r in all_refusals if r.problem}
    assert PENDING_ELSEWHERE - still == set()


def test_the_walk_catches_a_plain_string_and_an_f_string():
    def check(source: str) -> str:
        return _check(ast.parse(source).body[0].value, {"_": gettext_lazy, "gettext": translation.gettext})[0]

    assert check('E("走访日期早于专项排查开始日期", code="x")')
    assert check('E(f"出生日期{day}不一致", code="x")')
    assert check('E(_("出生日期%(day)s不一致"), code="x")')  # params missing
    assert check('E(_("出生日期不一致"))')  # code missing
    assert check('E(gettext("出生日期不一致"), code="x")')  # rendered where raised, not where shown
    assert check('E(_("上调 5% 后%(n)s"), code="x", params={"n": 1})')
    assert check('E(_("出生日期%(day)s不一致"), code="birth", params={"day": d})') == ""
    assert check("E(exc.message, code=exc.code, field='id_number', params=exc.params)") == ""


# ---- English (needs locale/en with the msgids of errors.po.new) ---------------------------


def test_every_rule_message_has_an_english_translation(all_refusals):
    """NEEDS THE .po: fails until errors.po.new is merged into locale/en and compiled."""
    msgids = sorted({r.msgid for r in all_refusals if r.msgid})
    with translation.override("en"):
        untranslated = [msgid for msgid in msgids if CJK.search(translation.gettext(msgid))]
    assert not untranslated, "no English for:\n" + "\n".join(untranslated)


TODAY = timezone.localdate()


@pytest.fixture
def child(people):
    from childwelfare.lib.idnumber import make_number
    from childwelfare.registry.services import create_child
    from childwelfare.testing.people import MEIYUAN

    return create_child(
        actor=people["officer_xuanwu"],
        name="王小明",
        id_number=make_number("320102", date(2015, 3, 4), 1, "M"),
        area_id=MEIYUAN,
    )


def _refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def test_refusals_read_in_english(people, child):
    """NEEDS THE .po: real refusals of every app, rendered with English active."""
    from childwelfare.areas.models import Area
    from childwelfare.benefits.applications import submit_application
    from childwelfare.benefits.insurance import generate_roster
    from childwelfare.benefits.models import InsuranceScheme
    from childwelfare.benefits.payroll import first_of_month, run_payroll
    from childwelfare.benefits.standards import preview_uprating
    from childwelfare.discovery.services import create_campaign, raise_problem
    from childwelfare.registry.choices import Category
    from childwelfare.registry.services import add_category, create_child
    from childwelfare.testing.people import MEIYUAN, MEIYUAN_STREET, XUANWU

    officer, director = people["officer_xuanwu"], people["director_meiyuan"]
    xuanwu, street = Area.objects.get(code=XUANWU), Area.objects.get(code=MEIYUAN_STREET)
    refused = {
        "id_checksum": lambda: create_child(
            actor=officer, name="李四", id_number="320102201503040010", area_id=MEIYUAN
        ),
        "allowance_needs_application": lambda: add_category(
            child=child, actor=director, category=Category.DE_FACTO_UNSUPPORTED, start_date=TODAY
        ),
        "category_before_birth": lambda: add_category(
            child=child, actor=officer, category=Category.MIGRANT, start_date=date(2010, 1, 1)
        ),
        "end_before_start": lambda: create_campaign(
            actor=officer,
            name="x",
            year=TODAY.year,
            area=xuanwu,
            start_date=TODAY,
            end_date=TODAY - timedelta(days=1),
        ),
        "deadline_in_past": lambda: raise_problem(
            child=child,
            actor=officer,
            kind="benefit",
            description="x",
            department="civil_affairs",
            deadline=TODAY - timedelta(days=1),
        ),
        "submitted_in_future": lambda: submit_application(
            child=child,
            actor=officer,
            kind="orphan",
            applicant_kind="guardian",
            applicant_name="x",
            submitted_on=TODAY + timedelta(days=1),
        ),
        "payroll_needs_district": lambda: run_payroll(street, TODAY, actor=officer),
        "month_format": lambda: first_of_month("2026/11"),
        "percent_range": lambda: preview_uprating(
            actor=officer, area=xuanwu, effective_from=TODAY, legal_basis="x", percent=Decimal("500")
        ),
        "cannot_manage_insurance": lambda: generate_roster(
            InsuranceScheme.objects.create(name="x", categories=["scattered_orphan"]),
            year=TODAY.year,
            area=xuanwu,
            as_of=TODAY,
            actor=director,
        ),
    }
    shown = {}
    for code, call in refused.items():
        error = _refusal(call)
        assert error.code == code
        with translation.override("zh-hans"):
            assert CJK.search(str(error)), code  # the default language is unchanged
        with translation.override("en"):
            shown[code] = str(error)
    assert {code: text for code, text in shown.items() if CJK.search(text)} == {}
