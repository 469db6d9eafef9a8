"""One screening record through the three steps (DOMAIN.md §6): its page, the screening
and re-visit forms, verify / return / confirm, and adding an unregistered child found
during screening. Every step goes through discovery.services with the version the user
saw; a step someone else took first is reported as a conflict with the current state."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.permissions import can_read_children
from childwelfare.lib.errors import add_to_form
from childwelfare.registry.models import Child
from childwelfare.registry.services import RegistryError
from childwelfare.submissions.once import submits_once

from .. import permissions, services
from ..choices import CampaignStatus, RecordStatus
from ..followups import problems_raised_text, run_visit_followups
from ..forms import AddChildForm, ProblemRowFormSet, ResolveMismatchForm, ReturnForm, StepForm, VisitForm
from ..models import ScreeningRecord
from ..risk import change_from, current_item_set, grade
from ..services import DiscoveryError
from .campaigns import visible_campaign
from .common import next_url, step_failure


def visible_record(request, pk) -> ScreeningRecord:
    return get_visible_or_404(
        ScreeningRecord.objects.select_related(
            "campaign",
            "campaign__area",
            "child",
            "area",
            "visit",
            "visit__visitor",
            "assessment",
            "assessment__item_set",
            "revisit",
            "revisit__visitor",
            "screened_by",
            "returned_by",
            "verified_by",
            "confirmed_by",
        ),
        request.user,
        pk=pk,
    )


def _actions(user, record: ScreeningRecord) -> dict:
    """Which steps the page offers this user on this record (the services decide in the end)."""
    running = record.campaign.status == CampaignStatus.RUNNING
    status = record.status
    return {
        "may_screen": running
        and permissions.can_screen(user, record.child.area_id)
        and status in (RecordStatus.PENDING, RecordStatus.RETURNED),
        "may_verify": running
        and permissions.can_verify(user, record.child.area_id)
        and status == RecordStatus.SCREENED,
        "may_revisit": running
        and permissions.can_revisit(user, record.child.area_id)
        and status == RecordStatus.VERIFIED
        and record.in_sample
        and not record.revisit_id,
        "may_confirm": running
        and permissions.can_confirm(user, record.child.area_id)
        and status == RecordStatus.VERIFIED
        and (not record.in_sample or bool(record.revisit_id))
        and services.revisit_mismatch(record) is None,
        "may_resolve": running
        and permissions.can_confirm(user, record.area_id)
        and status == RecordStatus.VERIFIED
        and services.revisit_mismatch(record) is not None,
    }


def _revisit_assessment(record):
    if not record.revisit_id:
        return None
    return record.revisit.assessments.select_related("item_set").prefetch_related("items").first()


@login_required
def record_detail(request, pk):
    return _detail_page(request, visible_record(request, pk))


def _detail_page(request, record, resolve_form=None):
    """The record's page; `resolve_form` is a refused resolution, shown again as it was
    filled in, with its errors beside its fields."""
    mismatch = services.revisit_mismatch(record)
    if resolve_form is None:
        resolve_form = ResolveMismatchForm(
            initial={"version": record.version},
            emergencies=services.revisit_emergencies(record) if mismatch else (),
        )
    context = {
        "record": record,
        "assessment_items": list(record.assessment.items.all()) if record.assessment_id else [],
        "revisit_assessment": _revisit_assessment(record),
        "problems": record.problems.all(),
        "today": timezone.localdate(),
        "mismatch": mismatch,
        "resolve_form": resolve_form,
        **_actions(request.user, record),
    }
    return render(request, "discovery/record_detail.html", context)


@require_POST
@login_required
def record_resolve(request, pk):
    """The district decides a re-visit that disagrees with the screening (issue 8): the
    re-visit's colour by default, the screening's with a reason."""
    record = visible_record(request, pk)
    deny_unless(permissions.can_confirm(request.user, record.area_id))
    form = ResolveMismatchForm(request.POST, emergencies=services.revisit_emergencies(record))
    if not form.is_valid():
        # Shown again as filled in (the choice kept), the errors beside their fields.
        return _detail_page(request, record, resolve_form=form)
    version = form.cleaned_data["version"]
    try:
        record = services.resolve_revisit_mismatch(
            record,
            actor=request.user,
            keep=form.cleaned_data["keep"],
            reason=form.cleaned_data["reason"],
            ended_item_ids=form.cleaned_data["ended_items"],
            expected_version=version,
        )
    except DiscoveryError as error:
        message, conflict = step_failure(record, version, error)
        if not conflict:
            add_to_form(form, error)
            return _detail_page(request, record, resolve_form=form)
        messages.error(request, message)
    else:
        messages.success(
            request,
            _("已处理复访不一致：%(name)s 按%(colour)s计，现在可以确认。")
            % {"name": record.child.name, "colour": record.get_resolved_colour_display()},
        )
    return redirect(next_url(request, reverse("discovery:record_detail", args=[record.pk])))


# ---- step 1: screen, and the sample re-visit (same form) ---------------------------------


def _raise_problems(formset, *, child, actor, record) -> int:
    count = 0
    for row in formset:
        if row.is_filled:
            services.raise_problem(child=child, actor=actor, record=record, **row.cleaned_data)
            count += 1
    return count


def _previous_screening(record, item_set) -> dict:
    """A returned record's screening form starts from the visit that was returned, so the
    director corrects what the supervisor asked for instead of typing everything again."""
    if not record.visit_id:
        return {}
    initial = {name: getattr(record.visit, name) for name in services.VISIT_FIELDS}
    initial["in_difficulty_not_eligible"] = record.in_difficulty_not_eligible
    if record.assessment_id and record.assessment.item_set_id == item_set.pk:
        initial["items"] = [str(pk) for pk in record.assessment.items.values_list("pk", flat=True)]
    return initial


def _visit_page(request, record, *, revisit: bool):
    """GET shows the form; POST screens (or re-visits) the record and raises the problems
    entered, all in one transaction. A conflict keeps what was typed, shows the current
    state and, if the step still applies, lets the user send it again deliberately."""
    screening = not revisit
    item_set = current_item_set(timezone.localdate())
    data = request.POST if request.method == "POST" else None
    initial = _previous_screening(record, item_set) if screening and data is None else {}
    current = services.current_assessment(record.child)
    form = VisitForm(
        data, initial=initial, item_set=item_set, record=record, screening=screening, current=current
    )
    problems = ProblemRowFormSet(data, prefix="problems")
    conflict = ""
    if request.method == "POST" and form.is_valid() and problems.is_valid():
        posted_version = form.cleaned_data["version"]
        try:
            with transaction.atomic():
                if screening:
                    record = services.screen_record(
                        record,
                        actor=request.user,
                        expected_version=posted_version,
                        visited_on=form.cleaned_data["visited_on"],
                        item_ids=form.item_ids(),
                        in_difficulty_not_eligible=form.cleaned_data["in_difficulty_not_eligible"],
                        **form.downgrade_fields(),
                        **form.visit_fields(),
                    )
                else:
                    record = services.revisit_record(
                        record,
                        actor=request.user,
                        expected_version=posted_version,
                        visited_on=form.cleaned_data["visited_on"],
                        item_ids=form.item_ids(),
                        **form.downgrade_fields(),
                        **form.visit_fields(),
                    )
                raised = _raise_problems(problems, child=record.child, actor=request.user, record=record)
        except DiscoveryError as error:
            message, is_conflict = step_failure(record, posted_version, error)
            if is_conflict:
                conflict = message
                record = visible_record(request, record.pk)
                # Keep what was typed; the form now carries the current version, so sending it
                # again is a deliberate step on the record as it is now.
                fresh = request.POST.copy()
                fresh["version"] = str(record.version)
                form = VisitForm(
                    fresh, item_set=item_set, record=record, screening=screening, current=current
                )
                form.is_valid()
            else:
                add_to_form(form, error)
        else:
            if screening:
                text = _("已提交排查：%(name)s，等待儿童督导员核实。") % {"name": record.child.name}
            elif services.revisit_mismatch(record):
                # The re-visit's colour differs from the screening's: the record cannot be
                # confirmed until the officer resolves it, on the record's page.
                text = _("抽样复访已录入：%(name)s。复访评定与排查评定不一致，须先处理不一致才能确认。") % {
                    "name": record.child.name
                }
                text += problems_raised_text(raised)
                messages.warning(request, text)
                run_visit_followups(request, record.child, form.item_ids())
                return redirect("discovery:record_detail", pk=record.pk)
            else:
                text = _("抽样复访已录入：%(name)s，现在可以确认。") % {"name": record.child.name}
            text += problems_raised_text(raised)
            messages.success(request, text)
            run_visit_followups(request, record.child, form.item_ids())
            return redirect(next_url(request, reverse("discovery:work")))
    actions = _actions(request.user, record)
    context = {
        "record": record,
        "child": record.child,
        "form": form,
        "problems": problems,
        "revisit": revisit,
        "conflict": conflict,
        "may_submit": actions["may_revisit"] if revisit else actions["may_screen"],
        "item_set": item_set,
        "next": next_url(request, ""),
    }
    return render(request, "discovery/visit_form.html", context)


@login_required
@submits_once
def record_screen(request, pk):
    record = visible_record(request, pk)
    deny_unless(permissions.can_screen(request.user, record.child.area_id))
    if request.method == "GET" and not _actions(request.user, record)["may_screen"]:
        messages.error(request, _screen_refusal(request.user, record))
        return redirect("discovery:record_detail", pk=record.pk)
    return _visit_page(request, record, revisit=False)


@login_required
@submits_once
def record_revisit(request, pk):
    record = visible_record(request, pk)
    deny_unless(permissions.can_revisit(request.user, record.child.area_id))
    if request.method == "GET" and not _actions(request.user, record)["may_revisit"]:
        messages.error(request, _("这条记录现在不需要抽样复访，或您不能复访。"))
        return redirect("discovery:record_detail", pk=record.pk)
    return _visit_page(request, record, revisit=True)


def _screen_refusal(user, record) -> str:
    """Why the director may not screen this record now (the role was checked before)."""
    if record.campaign.status != CampaignStatus.RUNNING:
        return _("专项排查未在进行中。")
    return _("记录当前为“%(status)s”，不能再排查。") % {"status": record.get_status_display()}


# ---- steps 2 and 3 as buttons ------------------------------------------------------------


def _step(request, pk, run, allowed, success: str):
    """Run a button step (verify, return, confirm) on a visible record, for a user whom
    `allowed(user, area_code)` lets take it (else 403). An htmx request from a work list gets
    the record's card back in place, with the outcome in it; otherwise the outcome is a
    message and the user goes back where they came from."""
    record = visible_record(request, pk)
    deny_unless(allowed(request.user, record.child.area_id))
    form_class = ReturnForm if run is services.return_record else StepForm
    form = form_class(request.POST)
    ok = False
    if not form.is_valid():
        message = _("请填写退回原因。") if "reason" in form.errors else _("表单已过期，请刷新页面后再试。")
        is_conflict = False
    else:
        version = form.cleaned_data["version"]
        extra = {"reason": form.cleaned_data["reason"]} if "reason" in form.cleaned_data else {}
        try:
            record = run(record, actor=request.user, expected_version=version, **extra)
        except DiscoveryError as error:
            message, is_conflict = step_failure(record, version, error)
        else:
            ok, message, is_conflict = True, success % {"name": record.child.name}, False
    if request.htmx and request.POST.get("card") == "supervisor":
        record = visible_record(request, pk)
        context = {"record": record, "outcome": message, "ok": ok, "conflict": is_conflict}
        return render(request, "discovery/_supervisor_card.html", context)
    (messages.success if ok else messages.error)(request, message)
    return redirect(next_url(request, reverse("discovery:record_detail", args=[pk])))


@require_POST
@login_required
def record_verify(request, pk):
    return _step(request, pk, services.verify_record, permissions.can_verify, _("已核实通过：%(name)s。"))


@require_POST
@login_required
def record_return(request, pk):
    return _step(
        request, pk, services.return_record, permissions.can_verify, _("已退回儿童主任重新排查：%(name)s。")
    )


@require_POST
@login_required
def record_confirm(request, pk):
    return _step(request, pk, services.confirm_record, permissions.can_confirm, _("已确认：%(name)s。"))


# ---- a child found during screening ------------------------------------------------------


@login_required
@submits_once
def add_child(request, pk):
    """Register an unregistered child found in the community and add it to the campaign;
    then straight to its screening form."""
    campaign = visible_campaign(request, pk)
    deny_unless(permissions.can_screen_in_campaign(request.user, campaign))
    form = AddChildForm(request.POST or None, user=request.user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.add_child_during_screening(campaign, actor=request.user, **form.child_fields())
        except (RegistryError, DiscoveryError) as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("已登记 %(name)s 并加入本次排查，请填写排查情况。") % {"name": record.child.name}
            )
            return redirect("discovery:record_screen", pk=record.pk)
    allowed = campaign.status == CampaignStatus.RUNNING and permissions.can_screen(
        request.user, request.user.area_id or ""
    )
    return render(
        request, "discovery/add_child.html", {"campaign": campaign, "form": form, "allowed": allowed}
    )


# ---- live colour preview -----------------------------------------------------------------


@page_for(can_read_children)
def grade_preview(request):
    """The colour the ticked items give (htmx, on the visit forms); nothing is saved."""
    item_set = current_item_set(timezone.localdate())
    ids = [value for value in request.GET.getlist("items") if value.isdigit()]
    items = list(item_set.items.filter(pk__in=ids))
    result = grade(item_set, items)
    context = {"result": result, "item_set": item_set, "current": None, "change": None}
    child_id = request.GET.get("child", "")
    # A child outside the user's area is treated like one never assessed (no oracle).
    child = Child.objects.visible_to(request.user).filter(pk=child_id).first() if child_id.isdigit() else None
    current = services.current_assessment(child) if child is not None else None
    if current is not None:
        context["current"] = current
        context["change"] = change_from(current.colour, current.items.all(), result, items)
    return render(request, "discovery/_grade_preview.html", context)
