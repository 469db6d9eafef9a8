"""Benefits documents as PDF: an application's approval form (审批表) and, for a refused
application only, the written refusal notice (不予认定告知书, 民发〔2019〕62号) for the same
readers as the application page; a payroll's summary sheet for signature for the payroll's
readers (logged like its export). Outside scope, or a notice of an application that was not
refused: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.pdf import render_pdf
from childwelfare.workflow.models import TransitionEvent

from ..choices import ApplicationStatus
from ..documents import payroll_sheet
from .applications import _application, _steps, explain
from .payroll import _payroll


@never_cache
@login_required
def application_approval_pdf(request, pk):
    """The approval form: the application, each step with who and when and its deadline,
    the state changes recorded by the workflow, the eligibility check, and boxes for the
    township's and the district's opinion and seal."""
    app = _application(request, pk)
    child = app.child
    context = {
        "title": _("儿童认定审批表"),
        "area_name": child.area.full_name,
        "as_of": timezone.localdate(),
        "app": app,
        "child": child,
        "steps": _steps(app, timezone.localdate()),
        "events": list(TransitionEvent.objects.of(app).select_related("actor")),
        "result": explain(app.eligibility) if app.eligibility else None,
        "signatures": [_("经办人"), _("审核人")],
    }
    filename = f"{_('审批表')}_{child.name}_{app.submitted_on:%Y%m%d}.pdf"
    return render_pdf(request, "benefits/documents/approval_form.html", context, filename)


def refusing_authority(app) -> str:
    """Who refused, as named on the notice: the township (street) government when refused at
    verification, the district's civil-affairs bureau when refused at confirmation."""
    at_verify = app.verified_on is None
    code = app.child.area_id[:9] if at_verify else app.child.area_id[:6]
    area = Area.objects.filter(code=code).first()
    name = area.full_name if area else app.child.area.full_name
    if at_verify:
        return _("%(area)s人民政府（街道办事处）") % {"area": name}
    return _("%(area)s民政局") % {"area": name}


@never_cache
@login_required
def application_refusal_pdf(request, pk):
    """The refusal notice to the applicant: the decision, the reasons as written by the
    officer, the conditions the check found failing (benefits.explanations), the remedies."""
    app = _application(request, pk)
    if app.status != ApplicationStatus.REFUSED:
        raise Http404
    child = app.child
    context = {
        "title": _("不予认定告知书"),
        "area_name": child.area.full_name,
        "as_of": app.refused_on,
        "app": app,
        "child": child,
        "authority": refusing_authority(app),
        "result": explain(app.eligibility) if app.eligibility else None,
    }
    filename = f"{_('不予认定告知书')}_{child.name}.pdf"
    return render_pdf(request, "benefits/documents/refusal_notice.html", context, filename)


@never_cache
@login_required
def payroll_sheet_pdf(request, pk):
    """The payroll's summary sheet: per community the children, amount, held and payable
    amounts, the total, the held lines, and signature lines for 制表人, 审核人, 负责人."""
    payroll = _payroll(request, pk)
    with translation.override("zh-hans"):
        detail = _("打印发放汇总表（PDF）")
    log_access(user=request.user, action=AccessAction.DOWNLOAD, obj=payroll, detail=detail, request=request)
    context = {
        "title": _("困境儿童基本生活保障金发放汇总表"),
        "area_name": payroll.area.full_name,
        "as_of": timezone.localdate(),
        "payroll": payroll,
        "sheet": payroll_sheet(payroll),
        "signatures": [_("制表人"), _("审核人"), _("负责人")],
    }
    filename = f"{_('发放汇总表')}_{payroll.area.name}_{payroll.month:%Y%m}.pdf"
    return render_pdf(request, "benefits/documents/payroll_sheet.html", context, filename)
