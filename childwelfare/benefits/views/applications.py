"""Eligibility applications (认定申请, 民发〔2019〕62号): the list with each step's statutory
deadline, recording an application for a child found by search, the application page with
its eligibility explanation and steps (verify, confirm, refuse with written reasons,
terminate), and the eligibility check of any child in scope (DOMAIN.md §4)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, F, Q, When
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.registry.filters import QUERY_TOO_LONG, SEARCH_MAX_LENGTH
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.services import RegistryConflict, RegistryError
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..applications import (
    ApplicationError,
    confirm_application,
    evaluate,
    overdue,
    refuse_application,
    submit_application,
    terminate_allowance,
    verify_application,
)
from ..choices import ALLOWANCE_CATEGORIES, ApplicationKind, ApplicationStatus
from ..eligibility import check_de_facto_unsupported, check_left_behind, check_orphan
from ..explanations import line, render_result
from ..forms import (
    ApplicationFilterForm,
    ApplicationForm,
    ConfirmForm,
    OnDateForm,
    RefuseForm,
    TerminateForm,
    VerifyForm,
    open_allowance_spells,
)
from ..models import EligibilityApplication
from .common import reader_required

RULE_LABELS = {
    "A": gettext_lazy("规则A：父母双方均符合八种情形之一"),
    "B": gettext_lazy("规则B：一方死亡或宣告失踪，另一方符合八种情形之一"),
    "orphan": gettext_lazy("父母均死亡或宣告失踪"),
    "both_migrant": gettext_lazy("父母均外出务工"),
    "one_migrant_other_unable": gettext_lazy("一方外出务工、另一方无监护能力"),
}
CHECK_LABELS = {
    "de_facto_unsupported": gettext_lazy("事实无人抚养儿童"),
    "orphan": gettext_lazy("孤儿"),
    "rural_left_behind": gettext_lazy("农村留守儿童"),
}


def explain(result: dict) -> dict:
    """An eligibility result (the `eligibility` JSON of an application, or
    Eligibility.as_dict()) rendered in the active language for the page
    (benefits.explanations.render_result), with its kind's and rule's labels; an ineligible
    result names no rule."""
    rule = result.get("rule", "") if result.get("eligible") else ""
    return {
        **render_result(result),
        "kind_label": CHECK_LABELS.get(result.get("kind", ""), result.get("kind", "")),
        "rule_label": RULE_LABELS.get(rule, rule),
    }


def _failing_now(app: EligibilityApplication, today: date) -> str:
    """The conditions the child fails today, one a line, to start a refusal's reasons from
    (the officer edits them); "" when every condition holds."""
    failing = render_result(evaluate(app.child, app.kind, today).as_dict())["failing"]
    return "\n".join(line(condition) for condition in failing)


def step_due(app: EligibilityApplication) -> date | None:
    """The deadline of the step the application waits for (none once decided)."""
    if app.status == ApplicationStatus.SUBMITTED:
        return app.verify_due
    if app.status == ApplicationStatus.VERIFIED:
        return app.confirm_due
    return None


def due_state(due: date | None, today: date) -> dict | None:
    """{"due", "days" (negative: late), "late", "abs"} for the page's highlight."""
    if due is None:
        return None
    days = (due - today).days
    return {"due": due, "days": days, "late": days < 0, "abs": abs(days), "soon": 0 <= days <= 3}


# --- list ---------------------------------------------------------------------------------


# Waiting for a step first (the nearest step deadline first), then the newest.
APPLICATION_SORTS = SortMap(
    {
        "due": (F("step_due").asc(nulls_last=True), "-submitted_on", "-pk"),
        "child": ("child__name_sort", "pk"),
        "kind": ("kind", "-submitted_on", "-pk"),
        "area": ("child__area_id", "-submitted_on", "-pk"),
        "submitted": ("submitted_on", "pk"),
        "status": ("status", "-submitted_on", "-pk"),
    },
    default="due",
)


def listed_applications(user, query, today):
    """(filter form, applications) of the list for `query` (the page's and its export's
    rows): those waiting for a step first, the nearest deadline first."""
    form = ApplicationFilterForm(query or None, user=user)
    apps = EligibilityApplication.objects.visible_to(user).select_related("child", "child__area")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            apps = apps.filter(child__in=Child.objects.visible_to(user).search(data["q"]).values("pk"))
        if data["status"]:
            apps = apps.filter(status=data["status"])
        if data["kind"]:
            apps = apps.filter(kind=data["kind"])
        if data["overdue"]:
            apps = overdue(apps, today)
        apps = form.filter_by_area(apps)
    elif form.is_bound:
        apps = apps.none()  # a filter that is not valid (an over-long query) lists nothing and says so
    apps = apps.annotate(
        step_due=Case(
            When(status=ApplicationStatus.SUBMITTED, then=F("verify_due")),
            When(status=ApplicationStatus.VERIFIED, then=F("confirm_due")),
        )
    )
    return form, APPLICATION_SORTS.read_query(query).apply(apps)


@reader_required
def application_list(request):
    """Applications of children in scope; filters by status, kind, child and overdue. Those
    waiting for a step come first, the nearest deadline first."""
    user = request.user
    today = timezone.localdate()
    form, apps = listed_applications(user, request.GET, today)
    visible = EligibilityApplication.objects.visible_to(user)
    page = paginate(request, apps, sorting=APPLICATION_SORTS.read(request))
    page.object_list = list(page.object_list)
    for app in page.object_list:
        app.due = due_state(app.step_due, today)
    counts = visible.aggregate(
        submitted=Count("pk", filter=Q(status=ApplicationStatus.SUBMITTED)),
        verified=Count("pk", filter=Q(status=ApplicationStatus.VERIFIED)),
    )
    counts["overdue"] = overdue(visible, today).count()
    context = {
        "form": form,
        "page": page,
        "counts": counts,
        "today": today,
        "may_submit": permissions.can_submit_application(user, user.area_id or ""),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "benefits/_application_results.html" if partial else "benefits/application_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- finding a child ----------------------------------------------------------------------


@reader_required
def child_search(request):
    """Find a child in scope by name, pinyin initials or ID digits, to check eligibility or
    record an application. An htmx request gets the results only."""
    user = request.user
    q = (request.GET.get("q") or "").strip()
    children = []
    too_long = ""
    if len(q) > SEARCH_MAX_LENGTH:
        too_long = QUERY_TOO_LONG % {"limit_value": SEARCH_MAX_LENGTH, "show_value": len(q)}
    elif q:
        children = list(
            Child.objects.visible_to(user).search(q).select_related("area").order_by("name_sort", "pk")[:20]
        )
        today = timezone.localdate()
        for child in children:
            child.age_shown = child.age_on(today)
            child.may_apply = permissions.can_submit_application(user, child.area_id)
    context = {"q": q, "children": children, "too_long": too_long, "purpose": request.GET.get("purpose", "")}
    partial = request.htmx and not request.htmx.history_restore_request
    template = "benefits/_child_results.html" if partial else "benefits/child_search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _child(request, pk) -> Child:
    return get_visible_or_404(Child.objects.select_related("area", "hukou_area"), request.user, pk=pk)


@login_required
@submits_once
def application_create(request):
    """Record an application for a child in scope (submit_application): without `child`
    the page asks for one by search. A child out of scope is a 404; a user who may not record
    applications (for that child) gets the 403 page."""
    user = request.user
    child_id = request.GET.get("child", "")
    if not child_id.isdigit():
        deny_unless(permissions.can_submit_application(user, user.area_id or ""))
        return render(request, "benefits/application_form.html", {"child": None, "q": ""})
    child = _child(request, int(child_id))
    may_apply = permissions.can_submit_application(user, child.area_id)
    deny_unless(may_apply)
    form = ApplicationForm(
        request.POST or None,
        initial={"submitted_on": timezone.localdate(), "kind": request.GET.get("kind", "")},
    )
    if request.method == "POST" and may_apply and form.is_valid():
        try:
            app = submit_application(child=child, actor=user, **form.cleaned_data)
        except ApplicationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                _("申请已登记，乡镇（街道）查验期限为 %(day)s") % {"day": app.verify_due.isoformat()},
            )
            return redirect("benefits:application_detail", pk=app.pk)
    pending = EligibilityApplication.objects.filter(
        child=child, status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.VERIFIED]
    )
    context = {"child": child, "form": form, "may_apply": may_apply, "pending": pending}
    return render(request, "benefits/application_form.html", context)


# --- the application page -----------------------------------------------------------------


def _application(request, pk) -> EligibilityApplication:
    return get_visible_or_404(
        EligibilityApplication.objects.select_related(
            "child",
            "child__area",
            "created_by",
            "verified_by",
            "confirmed_by",
            "refused_by",
            "spell",
        ),
        request.user,
        pk=pk,
    )


def _in_time(done_on: date | None, due: date | None) -> bool | None:
    """Whether a step was concluded by its statutory deadline (None: not concluded yet)."""
    return done_on <= due if done_on and due else None


def _steps(app: EligibilityApplication, today: date) -> list[dict]:
    """Submitted → verified (township) → confirmed (district), each with its deadline,
    who acted and when; a refusal ends the row at the step it happened."""
    refused_at_verify = app.status == ApplicationStatus.REFUSED and app.verified_on is None
    steps = [
        {
            "title": _("提出申请"),
            "done": True,
            "on": app.submitted_on,
            "by": app.created_by,
            "detail": f"{app.get_applicant_kind_display()} {app.applicant_name}"
            + (f"（{app.applicant_relation}）" if app.applicant_relation else ""),
        },
        {
            "title": _("乡镇（街道）查验"),
            "done": app.verified_on is not None,
            "refused": refused_at_verify,
            "on": app.verified_on or (app.refused_on if refused_at_verify else None),
            "by": app.verified_by or (app.refused_by if refused_at_verify else None),
            "detail": app.verification_note,
            "due": app.verify_due,
            "in_time": _in_time(
                app.verified_on or (app.refused_on if refused_at_verify else None), app.verify_due
            ),
            "waiting": due_state(app.verify_due, today)
            if app.status == ApplicationStatus.SUBMITTED
            else None,
        },
    ]
    if not refused_at_verify:
        refused_at_confirm = app.status == ApplicationStatus.REFUSED
        steps.append(
            {
                "title": _("区县确认"),
                "done": app.confirmed_on is not None,
                "refused": refused_at_confirm,
                "on": app.confirmed_on or (app.refused_on if refused_at_confirm else None),
                "by": app.confirmed_by or (app.refused_by if refused_at_confirm else None),
                "detail": (
                    _("自 %(day)s 起发放") % {"day": app.spell.start_date.isoformat()} if app.spell else ""
                ),
                "due": app.confirm_due,
                "in_time": _in_time(
                    app.confirmed_on or (app.refused_on if refused_at_confirm else None), app.confirm_due
                ),
                "waiting": due_state(app.confirm_due, today)
                if app.status == ApplicationStatus.VERIFIED
                else None,
            }
        )
    return steps


def _render_detail(request, app: EligibilityApplication, bound: dict | None = None, open_form: str = ""):
    user = request.user
    area = app.child.area_id
    today = timezone.localdate()
    status = app.status
    may_verify = status == ApplicationStatus.SUBMITTED and permissions.can_verify_application(user, area)
    may_confirm = status == ApplicationStatus.VERIFIED and permissions.can_confirm_application(user, area)
    may_terminate = (
        status == ApplicationStatus.CONFIRMED
        and permissions.can_confirm_application(user, area)
        and open_allowance_spells(app.child, today).exists()
    )
    bound = bound or {}
    forms = {}
    if may_verify:
        forms["verify"] = bound.get("verify") or VerifyForm(application=app, prefix="verify")
    if may_confirm:
        forms["confirm"] = bound.get("confirm") or ConfirmForm(application=app, prefix="confirm")
    if may_verify or may_confirm:
        forms["refuse"] = bound.get("refuse") or RefuseForm(
            application=app, prefix="refuse", initial={"reason": _failing_now(app, today)}
        )
    if may_terminate:
        forms["terminate"] = bound.get("terminate") or TerminateForm(
            child=app.child, prefix="terminate", initial={"changed_on": today}
        )
    # A step posted by someone whose step it is not (or no longer) has no form on the page:
    # its refusal is shown at the top instead.
    refusals = [
        error for name, form in bound.items() if name not in forms for error in form.non_field_errors()
    ]
    spells = CategorySpell.objects.filter(child=app.child, category__in=ALLOWANCE_CATEGORIES).order_by(
        "-start_date"
    )
    context = {
        "app": app,
        "child": app.child,
        "result": explain(app.eligibility) if app.eligibility else None,
        "steps": _steps(app, today),
        "due": due_state(step_due(app), today),
        "forms": forms,
        "refusals": refusals,
        "open_form": open_form,
        "spells": spells,
        "today": today,
    }
    return render(request, "benefits/application_detail.html", context)


@login_required
def application_detail(request, pk):
    return _render_detail(request, _application(request, pk))


def _step(request, pk, name: str, allowed, form_class, act, message: str):
    """A step posted from the application page by a user whom `allowed(user, area_code)` lets
    take it (else 403): the form checks the input, the domain function decides; its refusal
    is shown above the form and nothing is changed."""
    app = _application(request, pk)
    deny_unless(allowed(request.user, app.child.area_id))
    form = form_class(request.POST, application=app, prefix=name)
    if form.is_valid():
        data = dict(form.cleaned_data)
        # Optimistic lock: act on the version the user saw, so a step someone else took in
        # the meantime is a conflict rather than a silent second decision.
        app.version = data.pop("version")
        try:
            act(app, data)
        except ApplicationError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, message)
            return redirect("benefits:application_detail", pk=pk)
    return _render_detail(request, _application(request, pk), {name: form}, open_form=name)


@require_POST
@login_required
def application_verify(request, pk):
    return _step(
        request,
        pk,
        "verify",
        permissions.can_verify_application,
        VerifyForm,
        lambda app, d: verify_application(app, actor=request.user, on=d["on"], note=d["note"]),
        _("查验通过，已报区县民政部门确认"),
    )


@require_POST
@login_required
def application_confirm(request, pk):
    return _step(
        request,
        pk,
        "confirm",
        permissions.can_confirm_application,
        ConfirmForm,
        lambda app, d: confirm_application(app, actor=request.user, on=d["on"]),
        _("已确认，保障自次月起发放"),
    )


def _may_refuse(user, area_code: str) -> bool:
    """Refusal concludes either step: the township's verification or the district's."""
    return permissions.can_verify_application(user, area_code) or permissions.can_confirm_application(
        user, area_code
    )


@require_POST
@login_required
def application_refuse(request, pk):
    return _step(
        request,
        pk,
        "refuse",
        _may_refuse,
        RefuseForm,
        lambda app, d: refuse_application(app, actor=request.user, on=d["on"], reason=d["reason"]),
        _("已作出不予认定，理由将书面告知申请人"),
    )


@require_POST
@login_required
def application_terminate(request, pk):
    """End an allowance category of the application's child because of a change; the
    allowance stops after the month of the change (applications.terminate_allowance)."""
    app = _application(request, pk)
    deny_unless(permissions.can_confirm_application(request.user, app.child.area_id))
    form = TerminateForm(request.POST, child=app.child, prefix="terminate")
    if form.is_valid():
        data = form.cleaned_data
        try:
            # The reason is stored as text: write it in the platform's language, whatever
            # language the page is shown in.
            with translation.override("zh-hans"):
                spell = terminate_allowance(
                    data["spell"],
                    actor=request.user,
                    changed_on=data["changed_on"],
                    reason=data["reason"],
                    note=data["note"],
                    expected_version=form.seen_version,
                )
        except RegistryConflict as exc:
            form.show_conflict(exc, record=data["spell"])
        except (ApplicationError, RegistryError) as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                _("已终止：%(category)s保障发放至 %(day)s；已发放月份的多发部分将在下次计算发放名册时冲减")
                % {"category": spell.get_category_display(), "day": spell.end_date.isoformat()},
            )
            return redirect("benefits:application_detail", pk=pk)
    return _render_detail(request, _application(request, pk), {"terminate": form}, open_form="terminate")


# --- eligibility check --------------------------------------------------------------------


@login_required
def eligibility_check(request, pk):
    """The three checks for any child in scope, as of a date, each explained: de facto
    unsupported (rules A and B), orphan, rural left-behind. Hukou must be in the child's
    district, as for an application."""
    child = _child(request, pk)
    form = OnDateForm(request.GET or None)
    on = form.day
    local = child.area_id[:6]
    results = [
        explain(check_de_facto_unsupported(child, on, local_prefix=local).as_dict()),
        explain(check_orphan(child, on, local_prefix=local).as_dict()),
        explain(check_left_behind(child, on).as_dict()),
    ]
    results[0]["apply_kind"] = ApplicationKind.DE_FACTO_UNSUPPORTED
    results[1]["apply_kind"] = ApplicationKind.ORPHAN
    context = {
        "child": child,
        "form": form,
        "on": on,
        "results": results,
        "spells": CategorySpell.objects.filter(child=child).order_by("-start_date"),
        "applications": EligibilityApplication.objects.filter(child=child),
        "may_apply": permissions.can_submit_application(request.user, child.area_id),
        "today": timezone.localdate(),
    }
    return render(request, "benefits/eligibility_check.html", context)
