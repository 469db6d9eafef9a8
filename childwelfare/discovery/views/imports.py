"""Screening results from a spreadsheet: upload (imported all-or-nothing by a background job
whose page shows the row errors), and the empty template to fill in."""

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from childwelfare.access.guards import deny_unless
from childwelfare.accounts.permissions import can_view_full_id
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.spreadsheets import FORMATS
from childwelfare.lib.uploads import oversize_response
from childwelfare.registry.services import start_import
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..choices import CampaignStatus
from ..import_template import write_screening_template
from ..importing import TEMPLATE_COLUMNS
from .campaigns import visible_campaign

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ScreeningUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("排查结果文件"))
    dry_run = forms.BooleanField(label=gettext_lazy("只校验，不写入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in FORMATS:
            raise forms.ValidationError(_("不支持的文件格式，请上传 .xlsx、.xls、.ods 或 .csv 文件"))
        return upload


@login_required
@submits_once
def campaign_import(request, pk):
    campaign = visible_campaign(request, pk)
    deny_unless(permissions.can_screen_in_campaign(request.user, campaign))
    if request.GET.get("template"):
        # Pre-filled with the user's pending children; full ID numbers only with the
        # permission, and every download is in the access log with its number of children.
        buffer = io.BytesIO()
        full_id = can_view_full_id(request.user)
        count = write_screening_template(buffer, campaign, request.user, full_id=full_id)
        log_access(
            user=request.user,
            action=AccessAction.DOWNLOAD,
            obj=campaign,
            detail=f"排查结果模板（预填待排查儿童 {count} 人；{'含完整身份证号' if full_id else '身份证号已脱敏'}）",
            row_count=count,
            request=request,
        )
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename=screening-template-{campaign.pk}.xlsx"
        return response
    if (refused := oversize_response(request)) is not None:
        return refused
    form = ScreeningUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if campaign.status != CampaignStatus.RUNNING:
            messages.error(request, _("专项排查未在进行中"))
            return redirect("discovery:campaign_detail", pk=campaign.pk)
        # Read and imported by a background job (registry.jobs, kind "screening"), visible in
        # the deeper of the campaign's area and the uploader's (the director's community).
        own = request.user.area_id or ""
        area = request.user.area if own.startswith(campaign.area_id) else campaign.area
        job = start_import(
            kind="screening",
            actor=request.user,
            area=area,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            params={"campaign": campaign.pk},
        )
        return redirect("registry:import_job", pk=job.pk)
    return render(
        request,
        "discovery/campaign_import.html",
        {"campaign": campaign, "form": form, "columns": TEMPLATE_COLUMNS},
    )
