"""Opening a case and adding an action: the two writes every part of case management
needs (intake, the red list, conferences, guardianship). Issue 10."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from childwelfare.access.scope import ensure_visible
from childwelfare.deadlines.calendar import end_of_day
from childwelfare.deadlines.services import open_deadline

from ..choices import CaseSource, KeyCaseClass, OwnerKind
from ..models import Case, CaseAction, CaseKeyClass
from .common import CaseError


def next_case_number(district_code: str, year: int) -> str:
    """'GA' + the district's 6-digit code + year + a 4-digit running number within them,
    e.g. GA32010220260001. Call inside the creating transaction."""
    prefix = f"GA{district_code[:6]}{year}"
    last = Case.objects.filter(number__startswith=prefix).aggregate(m=Max("number"))["m"]
    seq = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


@transaction.atomic
def open_case(
    child,
    *,
    source: str,
    worker,
    actor,
    opened_on: date | None = None,
    supervisor=None,
    key_classes: Iterable[str] = (),
    summary: str = "",
) -> Case:
    """Open a case (status intake) for `child` (registry.Child, in `actor`'s scope).

    Numbers it (next_case_number), records its key-case classes, and starts the assessment
    deadline (rule case_assessment, from the opening date). Raises CaseError
    (code "case_already_open") when the child already has a case that is not closed — an
    intake is then linked to that case instead — or code "invalid_choice" for an unknown
    source or class; access.scope errors when the child is outside the actor's scope.
    """
    ensure_visible(child, actor)
    if source not in CaseSource.values:
        raise CaseError(
            _("案件来源无效：%(value)s"), code="invalid_choice", field="source", params={"value": source}
        )
    classes = list(dict.fromkeys(key_classes))
    for value in classes:
        if value not in KeyCaseClass.values:
            raise CaseError(
                _("重点个案分类无效：%(value)s"),
                code="invalid_choice",
                field="key_classes",
                params={"value": value},
            )
    existing = Case.objects.select_for_update().filter(child=child).exclude(status="closed").first()
    if existing:
        raise CaseError(
            _("该儿童已有未结案的个案 %(number)s，请将本次接案并入该个案。"),
            code="case_already_open",
            params={"number": existing.number},
        )
    opened_on = opened_on or timezone.localdate()
    case = Case(
        number=next_case_number(child.area_id, opened_on.year),
        child=child,
        opened_on=opened_on,
        source=source,
        summary=summary,
        worker=worker,
        supervisor=supervisor,
        created_by=actor,
    )
    case._history_user = actor
    case.save()
    CaseKeyClass.objects.bulk_create([CaseKeyClass(case=case, key_class=value) for value in classes])
    open_deadline(
        case,
        "case_assessment",
        start=timezone.make_aware(timezone.datetime.combine(opened_on, timezone.datetime.min.time())),
        area_code=child.area_id,
        owner=worker,
        label=gettext_noop("个案 %(number)s 评估"),
        label_params={"number": case.number},
    )
    return case


@transaction.atomic
def add_action(
    case: Case,
    *,
    title: str,
    owner_kind: str,
    due_on: date,
    actor,
    department: str = "",
    owner_unit: str = "",
    owner_user=None,
    detail: str = "",
    decision=None,
) -> CaseAction:
    """Add an action to `case` (its plan, or a conference decision when `decision` is given),
    owned by a department, unit, workstation or person, due on `due_on`; its deadline (rule
    case_action) is kept by the engine, assigned to the department so its liaison sees it.
    Raises CaseError: "case_closed" for a closed case, "owner_missing" when the owner of the
    kind is not given, "due_in_past" for a due date before today.
    """
    ensure_visible(case, actor)
    if case.status == "closed":
        raise CaseError(_("个案已结案，不能添加任务。"), code="case_closed")
    missing = {
        OwnerKind.DEPARTMENT: not department,
        OwnerKind.UNIT: not owner_unit,
        OwnerKind.STATION: not owner_unit,
        OwnerKind.PERSON: owner_user is None,
    }.get(owner_kind, True)
    if missing:
        raise CaseError(_("请填写任务的责任方。"), code="owner_missing", field="owner_kind")
    if due_on < timezone.localdate():
        raise CaseError(_("完成期限不能早于今天。"), code="due_in_past", field="due_on")
    action = CaseAction(
        case=case,
        decision=decision,
        title=title,
        detail=detail,
        owner_kind=owner_kind,
        department=department if owner_kind == OwnerKind.DEPARTMENT else "",
        owner_unit=owner_unit,
        owner_user=owner_user,
        due_on=due_on,
        created_by=actor,
    )
    action._history_user = actor
    action.save()
    open_deadline(
        action,
        "case_action",
        due=end_of_day(due_on),
        area_code=case.child.area_id,
        department=action.department,
        owner=owner_user,
        label=gettext_noop("个案 %(number)s 任务：%(title)s"),
        label_params={"number": case.number, "title": title},
    )
    return action
