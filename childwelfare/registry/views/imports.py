"""Import job pages: the roster upload; the job page with progress, and the error report,
of every import kind (registry.jobs)."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.permissions import can_edit_children, can_view_full_id
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.spreadsheets import FORMATS
from childwelfare.lib.tabular import stored_message, write_error_report
from childwelfare.lib.uploads import oversize_response
from childwelfare.submissions.once import submits_once

from ..confirmations import ImportConfirmError, confirm_import
from ..importing import PARENT_COLUMNS, TEMPLATE_COLUMNS
from ..importing.template import write_roster_template
from ..jobs import import_kind
from ..models import RosterImport
from ..permissions import can_import_as_of
from ..services import start_roster_import
from ..tasks import fail_stale_imports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("名册文件"), help_text=_("支持 .xlsx、.xls、.ods、.csv（UTF-8 或 GBK），最大 50 MB")
    )
    area = forms.ModelChoiceField(label=_("名册所属区划"), queryset=Area.objects.none(), empty_label=None)
    dry_run = forms.BooleanField(label=_("只校验，不写入"), required=False)
    # Loading history (issue 8, item 15): the city administrator only; others never see it.
    as_of = forms.DateField(
        label=_("按历史日期导入"),
        required=False,
        help_text=_(
            "导入旧名册时填写：按该日期的情况校验年龄和日期；此后已满18周岁的，类别终止于18周岁生日前一日"
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_import_as_of(user):
            del self.fields["as_of"]
        areas = Area.objects.visible_to(user).filter(level__gte=Level.DISTRICT).order_by("code")
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda area: f"{area.code} {area.full_name}"
        if user.area_id and areas.filter(code=user.area_id).exists():
            self.fields["area"].initial = user.area_id

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in FORMATS:
            raise forms.ValidationError(_("不支持的文件格式，请上传 .xlsx、.xls、.ods 或 .csv 文件"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过 50 MB"))
        if upload.size == 0:
            raise forms.ValidationError(_("文件为空"))
        return upload

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("导入基准日期不能晚于今天"))
        return day


@page_for(can_edit_children)
@submits_once
def import_upload(request):
    if request.GET.get("template"):
        buffer = io.BytesIO()
        write_roster_template(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = (
            "attachment; filename*=UTF-8''%E5%84%BF%E7%AB%A5%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx"
        )
        return response
    if request.method == "POST":
        if (refused := oversize_response(request)) is not None:
            return refused
        form = RosterUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            job = start_roster_import(
                actor=request.user,
                area=form.cleaned_data["area"],
                upload=form.cleaned_data["file"],
                dry_run=form.cleaned_data["dry_run"],
                as_of=form.cleaned_data.get("as_of"),
            )
            return redirect("registry:import_job", pk=job.pk)
    else:
        form = RosterUploadForm(user=request.user)
    # The list shows counts only: the stored errors (up to 1,000 a job) stay in the database.
    recent = (
        RosterImport.objects.visible_to(request.user)
        .filter(kind="roster")
        .select_related("area", "created_by")
        .defer("errors", "summary")[:10]
    )
    return render(
        request,
        "registry/import_upload.html",
        {"form": form, "recent": recent, "columns": TEMPLATE_COLUMNS, "parent_columns": PARENT_COLUMNS},
    )


def _job(request, pk) -> RosterImport:
    fail_stale_imports()  # a job whose worker died must not show 处理中 forever
    return get_visible_or_404(RosterImport.objects.select_related("area", "created_by"), request.user, pk=pk)


@login_required
def import_job(request, pk):
    job = _job(request, pk)
    # Only the first 1,000 errors are kept (lib.tabular.MAX_ERRORS); the summary counts all.
    error_count = (job.summary or {}).get("error_count") or len(job.errors)
    kind = import_kind(job.kind)
    back_url, back_text = kind.back(job)
    summary = job.summary or {}
    new_communities = [
        {
            "name": name,
            "rows": (summary.get("new_community_rows") or {}).get(name, []),
            "near": (summary.get("community_suggestions") or {}).get(name, []),
        }
        for name in summary.get("new_communities") or []
    ]
    return render(
        request,
        "registry/import_job.html",
        {
            "job": job,
            "new_communities": new_communities,
            "may_confirm": job.awaits_confirmation and job.created_by_id == request.user.pk,
            "confirmation": getattr(job, "confirmation", None) if job.dry_run else None,
            "children_url": (
                reverse("registry:child_list") + f"?import={job.pk}"
                if job.status == RosterImport.Status.SUCCEEDED and job.imported_children.exists()
                else ""
            ),
            "errors": [{**e, "message": stored_message(e)} for e in job.errors[:500]],
            "error_count": error_count,
            "kind": kind,
            "back_url": back_url,
            "back_text": back_text,
        },
    )


@require_POST
@login_required
@submits_once
def import_confirm(request, pk):
    """确认导入: the real import of a dry run that passed, from the file it uploaded (no second
    upload), with the new communities ticked (`create_community`, one value a name). Only its
    uploader may confirm (403 for others who see the job); a second confirm leads to the
    import the first made."""
    job = _job(request, pk)
    deny_unless(can_edit_children(request.user) and job.created_by_id == request.user.pk)
    try:
        made, created = confirm_import(
            job, actor=request.user, create_communities=request.POST.getlist("create_community")
        )
    except ImportConfirmError as exc:
        messages.error(request, exc.message)
        return redirect("registry:import_job", pk=job.pk)
    if not created:
        messages.info(request, gettext("该试运行已确认导入，不会重复导入"))
    return redirect("registry:import_job", pk=made.pk)


@login_required
def import_progress(request, pk):
    job = _job(request, pk)
    if job.is_finished and not request.htmx:
        return redirect("registry:import_job", pk=pk)
    response = render(request, "registry/import_progress.html", {"job": job})
    if job.is_finished:
        # Reload the whole job page once, to show the outcome.
        response["HX-Refresh"] = "true"
    return response


@login_required
def import_error_report(request, pk):
    """The job's error report (.xlsx): for its uploader, and for users with the full-ID
    permission over the job's area; to anyone else in the subtree it is missing (404, like a
    record outside scope). Each download is in the access log (issue 13 §5, §9)."""
    job = _job(request, pk)
    if job.created_by_id != request.user.pk and not can_view_full_id(request.user):
        raise Http404
    log_access(
        user=request.user,
        action=AccessAction.DOWNLOAD,
        obj=job,
        detail=f"错误报告 {job.filename[:100]}",
        row_count=len(job.errors),
        request=request,
    )
    buffer = io.BytesIO()
    write_error_report(buffer, job.errors, error_count=(job.summary or {}).get("error_count"))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename=import-{job.pk}-errors.xlsx"
    return response
