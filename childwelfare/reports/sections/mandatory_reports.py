"""Figures of mandatory reports (强制报告, DOMAIN.md §7; 高检发〔2020〕9号) for the dashboard:
the reports received in the period, how long civil affairs took to acknowledge them (the
median, in hours) and how many were acknowledged late — past the deadline engine's due
moment of rule mandatory_report_ack (24 hours from receipt, deadlines/defaults.py; a pause
or an extension moves it), as the report's page shows it."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.cases.models import MandatoryReport
from childwelfare.deadlines.models import Deadline

from .. import units
from ..figures import Column, Figure, register

ACK_RULE = "mandatory_report_ack"

COLUMNS = (
    Column(_("报告单位"), lambda report: report.unit_name),
    Column(_("接收时间"), lambda report: report.intake.received_at),
    Column(_("受理时间"), lambda report: report.acknowledged_at),
)


def _report_url(report) -> str:
    return reverse("cases:intake_detail", args=[report.intake_id])


def _received(period, arg=None):
    return MandatoryReport.objects.filter(
        intake__area__code__areaprefix=period.area_code,
        intake__received_at__date__gte=period.date_from,
        intake__received_at__date__lte=period.date_to,
    ).order_by("-intake__received_at", "-pk")


register(
    Figure(
        key="mandatory_reports.received",
        label=_("收到的强制报告"),
        records=_received,
        columns=COLUMNS,
        detail_url=_report_url,
        unit=units.ITEMS,
        note=_("起止日期内接收的强制报告。"),
        select_related=("intake",),
    )
)


def _acknowledged(period, arg=None):
    return _received(period).filter(acknowledged_at__isnull=False)


def median_hours(queryset, period=None, arg=None) -> Decimal:
    """The median time from receipt to acknowledgment of the reports in `queryset`, in
    hours to one decimal place (half up); 0.0 when there is none."""
    spans = [
        (acknowledged - received).total_seconds() / 3600
        for received, acknowledged in queryset.values_list("intake__received_at", "acknowledged_at")
    ]
    if not spans:
        return Decimal("0.0")
    return Decimal(str(median(spans))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


register(
    Figure(
        key="mandatory_reports.ack_median_hours",
        label=_("强制报告受理用时中位数"),
        records=_acknowledged,
        total=median_hours,
        columns=COLUMNS,
        detail_url=_report_url,
        unit=units.HOURS,
        note=_("起止日期内接收并已受理的强制报告，从接收到受理所用小时数的中位数。"),
        select_related=("intake",),
    )
)


def _acknowledged_late(period, arg=None):
    late = Deadline.objects.filter(
        subject_type=ContentType.objects.get_for_model(MandatoryReport),
        subject_id=OuterRef("pk"),
        rule=ACK_RULE,
        met_at__gt=F("due_at"),
    )
    return _acknowledged(period).filter(Exists(late))


register(
    Figure(
        key="mandatory_reports.acknowledged_late",
        label=_("逾期受理的强制报告"),
        records=_acknowledged_late,
        columns=COLUMNS,
        detail_url=_report_url,
        unit=units.ITEMS,
        note=_(
            "起止日期内接收、受理时已超过受理时限（接收后24小时，时限调整后以调整后的到期时间为准）的强制报告。"
        ),
        select_related=("intake",),
    )
)
