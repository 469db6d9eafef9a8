"""Activities from a spreadsheet for one site: the template to fill in, and the upload,
imported all-or-nothing by a background job (registry.jobs, kind "activities") whose page
shows the row errors."""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from childwelfare.access.guards import deny_unless
from childwelfare.lib.spreadsheets import FORMATS
from childwelfare.lib.uploads import oversize_response
from childwelfare.registry.services import start_import
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..importing import TEMPLATE_COLUMNS, write_activity_template
from .sites import visible_site

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ActivityUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("活动文件"))
    dry_run = forms.BooleanField(label=gettext_lazy("只校验，不写入"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in FORMATS:
            raise forms.ValidationError(_("不支持的文件格式，请上传 .xlsx、.xls、.ods 或 .csv 文件"))
        return upload


@login_required
@submits_once
def activity_import(request, pk):
    site = visible_site(request, pk)
    deny_unless(permissions.can_record_work(request.user, site))
    if request.GET.get("template"):
        buffer = io.BytesIO()
        write_activity_template(buffer, site)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename=activities-template-{site.pk}.xlsx"
        return response
    if (refused := oversize_response(request)) is not None:
        return refused
    form = ActivityUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(
            kind="activities",
            actor=request.user,
            area=site.area,
            upload=form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
            params={"site": site.pk},
        )
        return redirect("registry:import_job", pk=job.pk)
    return render(
        request, "stations/activity_import.html", {"site": site, "form": form, "columns": TEMPLATE_COLUMNS}
    )
