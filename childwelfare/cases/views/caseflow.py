"""个案管理 pages (issue 10, caseflow): the case list and its export, a case's page with the
steps this user may take, opening a case from a child's page, editing a case, and the posts
of each step. Outside scope is 404; a role that may not take a step gets 403; a refused step
is shown on the case's page with what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.deadlines.services import deadlines_of
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.registry.models import Child
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..choices import ApprovalDecision, ApprovalStage, CaseStatus
from ..forms.caseflow import (
    ActionForm,
    CaseEditForm,
    CaseFilterForm,
    ClosureForm,
    DecideForm,
    GoalForm,
    NoteForm,
    OpenCaseForm,
    ReasonForm,
    RequestApprovalForm,
    ReviewForm,
    VersionStepForm,
)
from ..models import Case, CaseApproval, CaseKeyClass
from ..services import caseflow as flow
from ..services import caseflow_plan as plan
from ..services.common import CaseConflict, CaseError
from ..services.opening import open_case
from ..timeline import event_title
from . import caseflow_actions

S = CaseStatus

CASE_SORTS = SortMap(
    {
        "opened": ("-opened_on", "-pk"),
        "number": ("number",),
        "child": ("child__name_sort", "pk"),
        "area": ("child__area_id", "-opened_on", "pk"),
        "status": ("status", "-opened_on", "pk"),
    },
    default="opened",
)


def visible_cases(user):
    return Case.objects.visible_to(user)


def listed_cases(user, query):
    """(filter form, cases) of the case list for `query` — the page's and its export's rows,
    in the page's order."""
    workers = [
        (pk, full_name or username)
        for pk, full_name, username in visible_cases(user)
        .order_by()
        .values_list("worker_id", "worker__full_name", "worker__username")
        .distinct()
    ]
    form = CaseFilterForm(query, user=user, workers=sorted(workers, key=lambda w: w[1]))
    cases = form.apply(visible_cases(user)).select_related("child", "child__area", "worker", "supervisor")
    cases = cases.prefetch_related(
        Prefetch("key_classes", queryset=CaseKeyClass.objects.order_by("key_class"))
    )
    return form, CASE_SORTS.read_query(query).apply(cases.distinct())


@page_for(permissions.can_read_cases)
def case_list(request):
    form, cases = listed_cases(request.user, request.GET)
    page = paginate(request, cases, sorting=CASE_SORTS.read(request))
    return render(request, "cases/caseflow/case_list.html", {"form": form, "page": page})


def visible_case(request, pk) -> Case:
    return get_visible_or_404(
        Case.objects.select_related("child", "child__area", "worker", "supervisor", "created_by"),
        request.user,
        pk=pk,
    )


def days_left(due_at, today) -> int:
    """Whole days from `today` to the local day of `due_at` (negative: overdue)."""
    return (timezone.localtime(due_at).date() - today).days


def _deadline_item(deadline, today) -> dict:
    left = None if (deadline.met_at or deadline.cancelled_at) else days_left(deadline.due_at, today)
    return {"deadline": deadline, "days_left": left, "days_late": -left if left is not None else None}


# The forms of a case's page: context name → (class, id prefix, needs the case's version).
CASE_FORMS = {
    "review_form": (ReviewForm, "review_%s"),
    "request_form": (RequestApprovalForm, "request_%s"),
    "decide_form": (DecideForm, "decide_%s"),
    "closure_form": (ClosureForm, "closure_%s"),
    "reopen_form": (ReasonForm, "reopen_%s"),
    "goal_form": (GoalForm, "goal_%s"),
    "action_form": (ActionForm, "action_%s"),
    "note_form": (NoteForm, "note_%s"),
    "step_form": (VersionStepForm, "step_%s"),
}


def next_steps(case: Case, user, pending: list[CaseApproval]) -> dict:
    """What `user` may do with `case` now: {step: bool}."""
    work = permissions.can_work_case(user, case) and case.status != S.CLOSED
    stages = {a.stage for a in pending}
    decidable = [a for a in pending if a.requested_by_id != user.pk]
    return {
        "work": work,
        "start_assessment": work and case.status == S.INTAKE,
        "request_assessment": work and case.status == S.ASSESSMENT and ApprovalStage.ASSESSMENT not in stages,
        "request_plan": work and case.status == S.PLAN and ApprovalStage.PLAN not in stages,
        "begin_review": work and case.status == S.INTERVENTION,
        "finish_review": work and case.status == S.REVIEW,
        "request_closure": work
        and case.status in (S.REVIEW, S.INTAKE)
        and ApprovalStage.CLOSURE not in stages,
        "decide": bool(decidable) and permissions.can_approve_case(user, case) and case.status != S.CLOSED,
        "reopen": case.status == S.CLOSED and permissions.can_reopen_case(user, case),
        "note": case.status != S.CLOSED and permissions.can_note_case(user, case),
        "convene": case.status != S.CLOSED and permissions.can_convene_on(user, case),
    }


def _case_page(request, case: Case, *, bound: dict | None = None, status: int = 200):
    user = request.user
    today = timezone.localdate()
    approvals = list(case.approvals.select_related("requested_by", "decided_by"))
    pending = [a for a in approvals if a.decision == ApprovalDecision.PENDING]
    steps = next_steps(case, user, pending)
    actions = list(case.actions.select_related("owner_user", "completed_by"))
    action_deadlines = caseflow_actions.action_deadlines(actions)
    for action in actions:
        deadline = action_deadlines.get(action.pk)
        action.days_left = days_left(deadline.due_at, today) if deadline else None
        action.days_late = -action.days_left if action.days_left is not None else None
    events = list(case.events.select_related("actor"))
    for event in events:
        event.title = event_title(event)
    context = {
        "case": case,
        "child": case.child,
        "classes": [c.get_key_class_display() for c in case.key_classes.all()],
        "approvals": approvals,
        "pending": [a for a in pending if a.requested_by_id != user.pk],
        "steps": steps,
        "goals": list(case.goals.all()),
        "actions": actions,
        "notes": list(case.notes.select_related("author")),
        "events": events,
        "deadlines": [_deadline_item(d, today) for d in deadlines_of(case)],
        "today": today,
    }
    for name, (form_class, auto_id) in CASE_FORMS.items():
        kwargs = {"auto_id": auto_id}
        if form_class is ActionForm:
            kwargs["case"] = case
        if issubclass(form_class, VersionStepForm):
            kwargs["initial"] = {"version": case.version}
        context[name] = form_class(**kwargs)
    for name, form in (bound or {}).items():
        context[name] = form
    return render(request, "cases/caseflow/case_detail.html", context, status=status)


@login_required
def case_detail(request, pk):
    return _case_page(request, visible_case(request, pk))


def _step(request, pk, name: str, allowed, run, success: str):
    """Run a step on a visible case for a user `allowed(user, case)` lets take it (else
    403). The posted form (CASE_FORMS[name]) refused: the page again with what was typed."""
    case = visible_case(request, pk)
    deny_unless(allowed(request.user, case))
    form_class, auto_id = CASE_FORMS[name]
    kwargs = {"case": case} if form_class is ActionForm else {}
    form = form_class(request.POST, auto_id=auto_id, **kwargs)
    if not form.is_valid():
        return _case_page(request, case, bound={name: form})
    try:
        with transaction.atomic():
            run(case, form.cleaned_data)
    except CaseConflict:
        messages.error(request, _("其他人已先修改了这个个案，您的提交没有保存，请查看最新情况后重试。"))
    except CaseError as error:
        add_to_form(form, error)
        return _case_page(request, case, bound={name: form})
    else:
        messages.success(request, success)
    return redirect("cases:case_detail", pk=pk)


def _version(data):
    return data.get("version")


@require_POST
@login_required
def case_start_assessment(request, pk):
    return _step(
        request,
        pk,
        "step_form",
        permissions.can_work_case,
        lambda c, d: flow.start_assessment(c, actor=request.user, expected_version=_version(d)),
        _("个案已进入评估阶段。"),
    )


@require_POST
@login_required
def case_begin_review(request, pk):
    return _step(
        request,
        pk,
        "step_form",
        permissions.can_work_case,
        lambda c, d: flow.begin_review(c, actor=request.user, expected_version=_version(d)),
        _("个案已进入回顾评估。"),
    )


@require_POST
@login_required
def case_finish_review(request, pk):
    return _step(
        request,
        pk,
        "review_form",
        permissions.can_work_case,
        lambda c, d: flow.finish_review(c, actor=request.user, text=d["text"], expected_version=_version(d)),
        _("回顾完成，个案继续服务介入。"),
    )


# The approval a case's status asks for.
STAGE_OF_STATUS = {S.ASSESSMENT: ApprovalStage.ASSESSMENT, S.PLAN: ApprovalStage.PLAN}


@require_POST
@login_required
@submits_once
def case_request_approval(request, pk):
    def run(case, data):
        stage = STAGE_OF_STATUS.get(case.status)
        if stage is None:
            raise CaseError(gettext_lazy("个案当前状态无需审批。"), code="wrong_status")
        flow.request_approval(
            case, stage, actor=request.user, note=data["note"], expected_version=_version(data)
        )

    return _step(request, pk, "request_form", permissions.can_work_case, run, _("已提请督导审批。"))


@require_POST
@login_required
@submits_once
def case_request_closure(request, pk):
    def run(case, data):
        case = flow.set_closure(
            case,
            actor=request.user,
            reason=data["closure_reason"],
            outcome=data["outcome"],
            expected_version=_version(data),
        )
        flow.request_approval(case, ApprovalStage.CLOSURE, actor=request.user, note=data["note"])

    return _step(request, pk, "closure_form", permissions.can_work_case, run, _("已提请结案审批。"))


@require_POST
@login_required
def case_decide(request, pk):
    def run(case, data):
        approval = (
            case.approvals.filter(
                decision=ApprovalDecision.PENDING, pk=request.POST.get("approval") or 0
            ).first()
            if str(request.POST.get("approval", "")).isdigit()
            else None
        )
        if approval is None:
            raise CaseError(gettext_lazy("该申请已经审批过了。"), code="approval_decided")
        approval.case = case
        flow.decide_approval(
            approval,
            actor=request.user,
            approve=data["decision"] == "approve",
            comment=data["comment"],
            expected_version=_version(data),
        )

    return _step(request, pk, "decide_form", permissions.can_approve_case, run, _("审批意见已保存。"))


@require_POST
@login_required
def case_reopen(request, pk):
    return _step(
        request,
        pk,
        "reopen_form",
        permissions.can_reopen_case,
        lambda c, d: flow.reopen_case(
            c, actor=request.user, reason=d["reason"], expected_version=_version(d)
        ),
        _("个案已重新开案，进入评估阶段。"),
    )


@require_POST
@login_required
@submits_once
def case_goal_add(request, pk):
    return _step(
        request,
        pk,
        "goal_form",
        permissions.can_work_case,
        lambda c, d: plan.add_goal(c, actor=request.user, text=d["text"]),
        _("服务目标已添加。"),
    )


@require_POST
@login_required
def case_goal_achieved(request, pk):
    case = visible_case(request, pk)
    deny_unless(permissions.can_work_case(request.user, case))
    posted = str(request.POST.get("goal") or "")
    goal = case.goals.filter(pk=posted).first() if posted.isdigit() else None
    if goal is None:
        messages.error(request, _("该服务目标已不存在。"))
        return redirect("cases:case_detail", pk=pk)
    try:
        plan.set_goal_achieved(goal, actor=request.user, achieved=request.POST.get("achieved") != "0")
    except CaseError as error:
        messages.error(request, str(error))
    return redirect("cases:case_detail", pk=pk)


@require_POST
@login_required
@submits_once
def case_action_add(request, pk):
    return _step(
        request,
        pk,
        "action_form",
        permissions.can_work_case,
        lambda c, d: plan.add_plan_action(
            c,
            actor=request.user,
            title=d["title"],
            owner_kind=d["owner_kind"],
            due_on=d["due_on"],
            department=d["department"],
            owner_unit=d["owner_unit"],
            owner_user=d["owner_user"],
            detail=d["detail"],
        ),
        _("任务已添加。"),
    )


@require_POST
@login_required
@submits_once
def case_note_add(request, pk):
    return _step(
        request,
        pk,
        "note_form",
        permissions.can_note_case,
        lambda c, d: plan.add_note(c, actor=request.user, text=d["text"]),
        _("进展记录已保存。"),
    )


@login_required
@submits_once
def case_open(request, pk):
    """开立个案 from a child's page (pk: the child)."""
    child = get_visible_or_404(Child.objects.select_related("area"), request.user, pk=pk)
    deny_unless(permissions.can_open_case(request.user, child.area_id))
    form = OpenCaseForm(request.POST or None, child=child)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                flow.check_staff(child.area_id, worker=data["worker"], supervisor=data["supervisor"])
                case = open_case(
                    child,
                    source=data["source"],
                    worker=data["worker"],
                    supervisor=data["supervisor"],
                    key_classes=data["key_classes"],
                    summary=data["summary"].strip(),
                    opened_on=data["opened_on"],
                    actor=request.user,
                )
        except CaseError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("个案 %(number)s 已开立。") % {"number": case.number})
            return redirect("cases:case_detail", pk=case.pk)
    existing = Case.objects.filter(child=child).exclude(status=S.CLOSED).first()
    return render(
        request, "cases/caseflow/case_open.html", {"child": child, "form": form, "existing": existing}
    )


@login_required
def case_edit(request, pk):
    case = visible_case(request, pk)
    deny_unless(permissions.can_work_case(request.user, case))
    if case.status == S.CLOSED:
        messages.error(request, _("个案已结案，不能修改；如需继续服务请重新开案。"))
        return redirect("cases:case_detail", pk=pk)
    form = CaseEditForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            flow.update_case(
                case,
                actor=request.user,
                expected_version=form.seen_version,
                key_classes=data["key_classes"],
                **{name: data[name] for name in flow.EDITABLE},
            )
        except CaseConflict as error:
            form.show_conflict(error)
        except CaseError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("个案信息已保存。"))
            return redirect("cases:case_detail", pk=pk)
    return render(request, "cases/caseflow/case_edit.html", {"case": case, "form": form})
