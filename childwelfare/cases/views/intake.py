"""Pages of intake and mandatory reports (issue 10, part "intake"): the list, the two
registration forms, an intake's page with its steps, and an attachment's download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.deadlines.services import deadlines_of
from childwelfare.discovery.models import Problem
from childwelfare.lib.errors import DomainError, add_to_form
from childwelfare.lib.paging import paginate
from childwelfare.lib.uploads import oversize_response
from childwelfare.registry.models import Child
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..choices import CaseSource, ReportSituation
from ..forms.intake import (
    AcknowledgeForm,
    AttachmentForm,
    DeclineForm,
    IntakeForm,
    MandatoryReportForm,
    OpenCaseForm,
    OutcomeForm,
)
from ..intake_lists import INTAKE_SORTS, OPEN, listed_intakes, log_reporter_view, report_counts, reporter_of
from ..lateness import report_delays
from ..models import Intake, IntakeAttachment, MandatoryReport
from ..services import intake as services

SEARCH_MAX = 50


@page_for(permissions.can_read_intakes)
def intake_list(request):
    user = request.user
    form, intakes = listed_intakes(user, request.GET)
    page = paginate(request, intakes, sorting=INTAKE_SORTS.read(request))
    reports = [intake.report for intake in page.object_list if intake.report_pk]
    shown = permissions.can_view_reporter(user)
    if shown and reports:
        log_reporter_view(user, reports, request=request, how=_("（接案列表）"))
    for intake in page.object_list:
        if intake.report_pk:
            report = intake.report
            intake.reporter_shown = (report.reporter_name or "—") if shown else _("保密")
    return render(
        request,
        "cases/intake/list.html",
        {
            "form": form,
            "page": page,
            "counts": report_counts(user),
            "may_record": permissions.can_record_intake(user),
        },
    )


def _picked_child(request) -> Child | None:
    """The registered child named by ?child= (in scope, else 404), or None."""
    pk = request.GET.get("child") or request.POST.get("child")
    if not pk:
        return None
    return get_visible_or_404(Child.objects.select_related("area"), request.user, pk=pk)


def _search_children(request) -> tuple[str, list]:
    q = (request.GET.get("q") or "").strip()[:SEARCH_MAX]
    if not q:
        return q, []
    found = (
        Child.objects.visible_to(request.user).search(q).select_related("area").order_by("name_sort", "pk")
    )
    return q, list(found[:20])


def _create_page(request, form, template: str, *, child, extra=None, status=200):
    q, found = _search_children(request) if child is None else ("", [])
    context = {"form": form, "child": child, "q": q, "found": found, **(extra or {})}
    return render(request, template, context, status=status)


@page_for(permissions.can_record_intake)
@submits_once
def intake_create(request):
    """Register an intake from any source but a mandatory report. ?child= picks a registered
    child; ?source= and ?problem= pre-fill (the red list's 立案, a problem's escalation)."""
    child = _picked_child(request)
    problem = None
    problem_pk = request.GET.get("problem") or request.POST.get("problem")
    if problem_pk:
        problem = get_visible_or_404(Problem.objects.select_related("child"), request.user, pk=problem_pk)
        child = problem.child
    initial = {}
    source = request.GET.get("source")
    if source in CaseSource.values and source != CaseSource.MANDATORY_REPORT:
        initial["source"] = source
    if problem is not None:
        initial["source"] = CaseSource.DISCOVERY_PROBLEM
        initial["description"] = problem.description
    form = IntakeForm(request.POST or None, initial=initial, user=request.user, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            intake = services.record_intake(actor=request.user, problem=problem, **form.service_kwargs())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("接案已登记。"))
            return redirect("cases:intake_detail", pk=intake.pk)
    return _create_page(
        request, form, "cases/intake/intake_form.html", child=child, extra={"problem": problem}
    )


@page_for(permissions.can_record_intake)
@submits_once
def report_create(request):
    """Register a mandatory report (with one attachment, optional). ?child= picks a registered
    child; ?situations=4,6 pre-ticks situations (the prompt after a visit with an abuse item)."""
    if (refused := oversize_response(request)) is not None:
        return refused
    child = _picked_child(request)
    situations = [
        code for code in (request.GET.get("situations") or "").split(",") if code in ReportSituation.values
    ]
    form = MandatoryReportForm(
        request.POST or None, request.FILES or None, user=request.user, child=child, situations=situations
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                report = services.record_mandatory_report(actor=request.user, **form.service_kwargs())
                upload = form.cleaned_data.get("attachment")
                if upload:
                    services.add_attachment(report.intake, actor=request.user, upload=upload)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("强制报告已登记，请在24小时内受理。"))
            return redirect("cases:intake_detail", pk=report.intake_id)
    return _create_page(request, form, "cases/intake/report_form.html", child=child)


def _visible_intake(request, pk) -> Intake:
    return get_visible_or_404(
        Intake.objects.select_related(
            "area", "child", "child__area", "case", "problem", "recorded_by", "decided_by"
        ),
        request.user,
        pk=pk,
    )


def _report(intake: Intake) -> MandatoryReport | None:
    try:
        return intake.report
    except MandatoryReport.DoesNotExist:
        return None


STEP_FORMS = {
    OpenCaseForm: "open_form",
    DeclineForm: "decline_form",
    AcknowledgeForm: "ack_form",
    OutcomeForm: "outcome_form",
    AttachmentForm: "attach_form",
}


def _detail_page(request, intake: Intake, bound=None, status: int = 200):
    user = request.user
    report = _report(intake)
    may_decide = permissions.can_decide_intake(user, intake) and intake.status in OPEN
    context = {
        "intake": intake,
        "report": report,
        "attachments": list(intake.attachments.all()),
        "may_decide": may_decide,
        "may_attach": permissions.can_record_intake(user, intake.area_id),
        "may_attach_child": intake.child_id is None
        and intake.status in OPEN
        and permissions.can_record_intake(user, intake.area_id),
        "open_form": OpenCaseForm(record=intake),
        "decline_form": DeclineForm(record=intake),
        "attach_form": AttachmentForm(),
    }
    if intake.child_id is None and context["may_attach_child"]:
        context["q"], context["found"] = _search_children(request)
    if report is not None:
        context.update(
            reporter=reporter_of(report, user, request=request),
            delays=report_delays(report),
            situations=[
                ReportSituation(code).label for code in report.situations if code in ReportSituation.values
            ],
            deadlines=list(deadlines_of(report)),
            may_ack=permissions.can_acknowledge_report(user, report),
            ack_form=AcknowledgeForm(record=report),
            outcome_form=OutcomeForm(record=report, initial={"outcome": report.outcome}),
            now=timezone.now(),
        )
    if bound is not None:
        context[STEP_FORMS[type(bound)]] = bound
    return render(request, "cases/intake/detail.html", context, status=status)


@login_required
def intake_detail(request, pk):
    return _detail_page(request, _visible_intake(request, pk))


def _step(request, pk, form_class, run, success: str, *, on_report: bool = False):
    """Run one step (POST) on a visible intake: `run(intake_or_report, form)`; a refused step
    shows the page again with what was typed and the error beside its field."""
    intake = _visible_intake(request, pk)
    target = _report(intake) if on_report else intake
    if target is None:
        raise Http404
    allowed = (
        permissions.can_acknowledge_report(request.user, target)
        if on_report
        else permissions.can_decide_intake(request.user, intake)
    )
    deny_unless(allowed)
    form = form_class(request.POST, record=target)
    if not form.is_valid():
        return _detail_page(request, intake, bound=form)
    try:
        result = run(target, form)
    except DomainError as error:
        # A stale page (CaseConflict) is said above the form; the models' history keeps no
        # version (cases.models.intake), so lib.versions cannot list what changed.
        add_to_form(form, error)
        return _detail_page(request, intake, bound=form)
    messages.success(request, success if not callable(success) else success(result))
    return redirect("cases:intake_detail", pk=intake.pk)


@require_POST
@login_required
def intake_open_case(request, pk):
    def run(intake, form):
        return services.open_case_for_intake(
            intake,
            actor=request.user,
            expected_version=form.seen_version,
            key_classes=form.cleaned_data["key_classes"],
            summary=form.cleaned_data["summary"],
        )

    def said(result):
        case, linked = result
        if linked:
            return _("该儿童已有在办个案 %(number)s，本次接案已并入该个案。") % {"number": case.number}
        return _("已立案：%(number)s。") % {"number": case.number}

    return _step(request, pk, OpenCaseForm, run, said)


@require_POST
@login_required
def intake_decline(request, pk):
    def run(intake, form):
        return services.decline_intake(
            intake, actor=request.user, expected_version=form.seen_version, reason=form.cleaned_data["reason"]
        )

    return _step(request, pk, DeclineForm, run, _("已不予立案。"))


@require_POST
@login_required
def report_acknowledge(request, pk):
    def run(report, form):
        return services.acknowledge_report(report, actor=request.user, expected_version=form.seen_version)

    return _step(request, pk, AcknowledgeForm, run, _("已受理。"), on_report=True)


@require_POST
@login_required
def report_outcome(request, pk):
    def run(report, form):
        return services.record_report_outcome(
            report,
            actor=request.user,
            expected_version=form.seen_version,
            outcome=form.cleaned_data["outcome"],
            told_at=form.cleaned_data["outcome_told_at"],
        )

    return _step(request, pk, OutcomeForm, run, _("已记录向报告单位反馈的处理结果。"), on_report=True)


@require_POST
@login_required
def intake_attach_child(request, pk):
    """Attach a registered child (POST child=<pk>) to an intake recorded without one."""
    intake = _visible_intake(request, pk)
    deny_unless(permissions.can_record_intake(request.user, intake.area_id))
    if intake.child_id is not None:
        messages.error(request, _("该接案已关联儿童。"))
        return redirect("cases:intake_detail", pk=intake.pk)
    child = get_visible_or_404(Child, request.user, pk=request.POST.get("child") or 0)
    try:
        services.attach_child(intake, child, actor=request.user, expected_version=None)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已关联儿童：%(name)s。") % {"name": child.name})
    return redirect("cases:intake_detail", pk=intake.pk)


@require_POST
@login_required
@submits_once
def intake_attach(request, pk):
    intake = _visible_intake(request, pk)
    deny_unless(permissions.can_record_intake(request.user, intake.area_id))
    if (refused := oversize_response(request)) is not None:
        return refused
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, intake, bound=form)
    try:
        services.add_attachment(intake, actor=request.user, upload=form.cleaned_data["file"])
    except DomainError as error:
        add_to_form(form, error)
        return _detail_page(request, intake, bound=form)
    messages.success(request, _("附件已上传。"))
    return redirect("cases:intake_detail", pk=intake.pk)


@login_required
def attachment_download(request, pk):
    """An attachment, to readers of its intake only (outside scope: 404), each download in
    the access log. Never served by a static URL."""
    attachment = get_visible_or_404(IntakeAttachment.objects.select_related("intake"), request.user, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    with translation.override("zh-hans"):
        detail = _("接案附件：%(name)s") % {"name": attachment.name}
    log_access(
        user=request.user, action=AccessAction.DOWNLOAD, obj=attachment, detail=str(detail), request=request
    )
    response = FileResponse(handle, as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
