"""The call's pages: the calls, a call with its criteria and submissions, creating a call
and its criteria, moving it on, a submission (sent, read, its attachments), and the results
with their certificate list (page and PDF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.access.scope import OutOfScope
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.forms import posted_version
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.lib.pdf import render_pdf
from childwelfare.lib.uploads import oversize_response
from childwelfare.registry.models import Child
from childwelfare.submissions.once import submits_once

from .. import figures, permissions
from ..anonymise import AnonymisationError, highlighted
from ..choices import CallStatus, SubmissionKind, SubmissionStatus
from ..forms import CallForm, CriterionForm, SubmissionForm, organiser_areas
from ..models import Attachment, Call, Submission
from ..services import OutreachConflict, OutreachError
from ..services import calls as services
from ..services.scoring import publish_results, ranking, to_decimal

CALL_SORTS = SortMap({"year": ("-year",), "deadline": ("deadline", "pk")}, default="year")
SUBMISSION_SORTS = SortMap(
    {
        "submitted": ("submitted_at", "pk"),
        "title": ("title", "pk"),
        "area": ("area_id", "submitted_at", "pk"),
        "kind": ("kind", "submitted_at", "pk"),
        "rank": ("kind", "rank", "pk"),
    },
    default="submitted",
)


def visible_call(request, pk) -> Call:
    return get_visible_or_404(Call.objects.select_related("area"), request.user, pk=pk)


@page_for(lambda user: permissions.can_read_submissions(user) and not permissions.is_reviewer(user))
def call_list(request):
    calls = Call.objects.visible_to(request.user)
    page = paginate(request, calls, sorting=CALL_SORTS.read(request))
    for call in page.object_list:
        call.figures = figures.call_figures(call.year)
    return render(
        request,
        "outreach/call_list.html",
        {"page": page, "may_create": permissions.can_manage_calls(request.user)},
    )


@login_required
@submits_once
def call_create(request):
    deny_unless(permissions.can_manage_calls(request.user))
    form = CallForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(actor=request.user, **form.cleaned_data)
        except OutreachError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("征集已创建（草稿）。请设置评分标准后开始征集。"))
            return redirect("outreach:call_detail", pk=call.pk)
    return render(request, "outreach/call_form.html", {"form": form})


def listed_submissions(user, query, call):
    """The call's submissions the user may read, filtered by `kind` and sorted as the page."""
    submissions = Submission.objects.visible_to(user).filter(call=call).select_related("area")
    kind = query.get("kind", "")
    if kind in SubmissionKind.values:
        submissions = submissions.filter(kind=kind)
    if query.get("selected") == "1":
        submissions = submissions.filter(selected=True)
    return SUBMISSION_SORTS.read_query(query).apply(submissions)


@page_for(lambda user: permissions.can_read_submissions(user) and not permissions.is_reviewer(user))
def call_detail(request, pk):
    call = visible_call(request, pk)
    page = paginate(
        request, listed_submissions(request.user, request.GET, call), sorting=SUBMISSION_SORTS.read(request)
    )
    manager = permissions.can_manage_calls(request.user)
    provisional = {}
    if manager and call.status == CallStatus.SCORING:
        provisional = {r.submission_id: r for items in ranking(call).values() for r in items}
    for submission in page.object_list:
        ranked = provisional.get(submission.pk)
        submission.provisional = (ranked.rank, to_decimal(ranked.score)) if ranked else None
    context = {
        "call": call,
        "criteria": list(call.criteria.all()),
        "page": page,
        "manager": manager,
        "may_submit": call.status == CallStatus.OPEN
        and permissions.can_submit(request.user, request.user.area_id or ""),
        "figures": figures.call_figures(call.year),
        "kinds": SubmissionKind.choices,
        "kind": request.GET.get("kind", ""),
    }
    return render(request, "outreach/call_detail.html", context)


@login_required
@submits_once
def criterion_add(request, pk):
    call = visible_call(request, pk)
    deny_unless(permissions.can_manage_calls(request.user))
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_criterion(call, actor=request.user, **form.cleaned_data)
        except OutreachError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("评分标准已添加。"))
            return redirect("outreach:call_detail", pk=call.pk)
    return render(request, "outreach/criterion_form.html", {"form": form, "call": call})


@require_POST
@login_required
def call_move(request, pk):
    """Open the call, start scoring, or publish the results (`to` in the POST)."""
    call = visible_call(request, pk)
    deny_unless(permissions.can_manage_calls(request.user))
    steps = {
        CallStatus.OPEN: (services.open_call, _("征集已开始，各区和成员单位可以申报。")),
        CallStatus.SCORING: (services.start_scoring, _("征集已截止，进入评审。")),
        CallStatus.PUBLISHED: (publish_results, _("评选结果已公布，入选材料已收入案例库。")),
    }
    step = steps.get(request.POST.get("to", ""))
    if step is None:
        messages.error(request, _("无效的操作"))
        return redirect("outreach:call_detail", pk=call.pk)
    move, done = step
    try:
        move(call, actor=request.user, expected_version=posted_version(request))
    except (OutreachError, OutreachConflict) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("outreach:call_detail", pk=call.pk)


def _child_for(request, form) -> Child | None:
    number = form.cleaned_data.get("child")
    if not number:
        return None
    child = Child.objects.visible_to(request.user).filter(pk=number).first()
    if child is None:
        form.add_error("child", _("没有这个儿童档案，或不在您的管辖范围内"))
    return child


@login_required
@submits_once
def submission_create(request, pk):
    call = visible_call(request, pk)
    deny_unless(permissions.can_submit(request.user, request.user.area_id or ""))
    if (refused := oversize_response(request)) is not None:
        return refused
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        kinds=call.kinds(),
        initial={"area": organiser_areas(request.user).first()},
    )
    findings = []
    if request.method == "POST" and form.is_valid():
        child = _child_for(request, form)
        if not form.errors:
            data = dict(form.cleaned_data)
            data.pop("child")
            upload = data.pop("attachments")
            try:
                submission = services.submit(
                    call, actor=request.user, child=child, attachments=[upload] if upload else [], **data
                )
            except AnonymisationError as error:
                findings = [
                    (form[name].label, highlighted(data[name], spans))
                    for name, spans in error.findings.items()
                ]
                add_to_form(form, error)
            except (OutreachError, OutOfScope) as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("申报材料已提交。"))
                return redirect("outreach:submission_detail", pk=submission.pk)
    return render(
        request, "outreach/submission_form.html", {"form": form, "call": call, "findings": findings}
    )


def visible_submission(request, pk) -> Submission:
    return get_visible_or_404(
        Submission.objects.select_related("call", "area", "submitted_by"), request.user, pk=pk
    )


@login_required
def submission_detail(request, pk):
    """A submission, to those who read it (outside scope, or not a reader: 404)."""
    submission = visible_submission(request, pk)
    manager = permissions.can_manage_calls(request.user)
    assignments = []
    if manager or request.user.role == "auditor":
        assignments = list(submission.assignments.select_related("reviewer").prefetch_related("scores"))
    mine = submission.assignments.filter(reviewer=request.user).first()
    context = {
        "submission": submission,
        "attachments": list(submission.attachments.all()),
        "assignments": assignments,
        "mine": mine,
        "manager": manager,
        "may_assign": manager and submission.call.status in (CallStatus.OPEN, CallStatus.SCORING),
        "may_send": submission.status == SubmissionStatus.DRAFT
        and permissions.can_submit(request.user, submission.area_id),
    }
    return render(request, "outreach/submission_detail.html", context)


@require_POST
@login_required
def submission_send(request, pk):
    """Send a draft (one written up from a closed case)."""
    submission = visible_submission(request, pk)
    deny_unless(permissions.can_submit(request.user, submission.area_id))
    try:
        services.send_submission(submission, actor=request.user)
    except OutreachError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("申报材料已提交。"))
    return redirect("outreach:submission_detail", pk=submission.pk)


@never_cache
@login_required
def attachment_download(request, pk):
    """An attachment, to those who may read its submission (else 404); logged."""
    attachment = Attachment.objects.filter(pk=pk).select_related("submission").first()
    if (
        attachment is None
        or not Submission.objects.visible_to(request.user).filter(pk=attachment.submission_id).exists()
    ):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    log_access(
        user=request.user,
        action=AccessAction.DOWNLOAD,
        obj=attachment.submission,
        detail=attachment.filename,
        request=request,
    )
    return FileResponse(handle, as_attachment=True, filename=attachment.filename)


def _results_context(request, pk) -> tuple[Call, dict]:
    call = visible_call(request, pk)
    if call.status != CallStatus.PUBLISHED:
        raise Http404
    selected = list(
        Submission.objects.filter(call=call, selected=True)
        .select_related("area")
        .order_by("kind", "rank", "pk")
    )
    groups = [(label, [s for s in selected if s.kind == kind]) for kind, label in SubmissionKind.choices]
    return call, {
        "call": call,
        "groups": groups,
        "title": _("%(year)s年度优秀案例及项目评选结果") % {"year": call.year},
    }


@page_for(lambda user: permissions.can_read_submissions(user) and not permissions.is_reviewer(user))
def results(request, pk):
    _call, context = _results_context(request, pk)
    return render(request, "outreach/results.html", context)


@never_cache
@page_for(lambda user: permissions.can_read_submissions(user) and not permissions.is_reviewer(user))
def results_pdf(request, pk):
    call, context = _results_context(request, pk)
    return render_pdf(request, "outreach/documents/certificates.html", context, f"{context['title']}.pdf")
