"""Forms of intake and mandatory reports (issue 10, part "intake"). The rules are the
services' (cases.services.intake); these only parse what was typed."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.areas.filters import AreaFilterMixin, user_area_root
from childwelfare.areas.models import Area
from childwelfare.lib.forms import ServiceForm, VersionedForm

from ..choices import CaseSource, IntakeStatus, KeyCaseClass, ReportingUnitType, ReportSituation
from ..models.intake import ChildIdentity

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
BLANK = [("", _("全部"))]
# lib.uploads.ATTACHMENT_SIGNATURES: PDF, JPEG/PNG pictures, .docx, .xlsx
ATTACHMENT_HELP = _("允许PDF、图片、文档和Excel表格，单个不超过10 MB。")


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker with an ISO value."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


EARLIEST_YEAR = 2000


class EventDateTimeField(forms.DateTimeField):
    """A moment that happened in this century (a typed year 1 would overflow when the local
    time is turned into UTC); later than now is the service's to refuse."""

    def to_python(self, value):
        try:
            moment = super().to_python(value)
        except OverflowError as error:
            raise forms.ValidationError(_("请输入有效的日期和时间。"), code="invalid") from error
        if moment is not None and moment.year < EARLIEST_YEAR:
            raise forms.ValidationError(
                _("日期不能早于%(year)s年。"), code="too_early", params={"year": EARLIEST_YEAR}
            )
        return moment


def datetime_field(label, *, required: bool = True) -> forms.DateTimeField:
    return EventDateTimeField(label=label, required=required, widget=LocalDateTimeInput)


def intake_areas(user):
    """Where an intake without a registered child may be handled: the districts and streets
    inside the user's area (the user's own area included)."""
    root = user_area_root(user)
    return Area.objects.filter(code__startswith=root, level__gte=Level.DISTRICT, level__lte=Level.STREET)


UNREGISTERED_CHOICES = [
    (ChildIdentity.NEW, ChildIdentity.NEW.label),
    (ChildIdentity.UNKNOWN, ChildIdentity.UNKNOWN.label),
]


class _ChildFields(ServiceForm):
    """The child part: fixed when a registered child was picked (`child`), else how the child
    is known, a description and the area that handles it."""

    child_identity = forms.ChoiceField(
        label=_("儿童身份"), choices=UNREGISTERED_CHOICES, widget=forms.RadioSelect, required=False
    )
    child_description = forms.CharField(
        label=_("儿童情况"),
        required=False,
        widget=forms.Textarea,
        help_text=_("姓名（如知道）、性别、大致年龄、体貌特征、发现地点等。"),
    )
    area = forms.ModelChoiceField(label=_("所属区划"), queryset=Area.objects.none(), required=False)

    def __init__(self, *args, user, child=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        if child is not None:
            for name in ("child_identity", "child_description", "area"):
                del self.fields[name]
        else:
            self.fields["area"].queryset = intake_areas(user)
            self.fields["area"].initial = user.area_id if user.area_id and len(user.area_id) <= 9 else None
            self.fields["child_identity"].initial = ChildIdentity.NEW

    def child_kwargs(self) -> dict:
        if self.child is not None:
            return {"child": self.child}
        data = self.cleaned_data
        return {
            "child_identity": data.get("child_identity") or ChildIdentity.NEW,
            "child_description": data.get("child_description", ""),
            "area": data.get("area"),
        }


class IntakeForm(_ChildFields):
    """An intake from any source but the mandatory report (which has its own form)."""

    source = forms.ChoiceField(
        label=_("来源"), choices=[c for c in CaseSource.choices if c[0] != CaseSource.MANDATORY_REPORT]
    )
    received_at = datetime_field(_("接收时间"))
    description = forms.CharField(label=_("事由"), widget=forms.Textarea)

    field_order = ["source", "received_at", "child_identity", "child_description", "area", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "source": data["source"],
            "received_at": data["received_at"],
            "description": data["description"],
            **self.child_kwargs(),
        }


class MandatoryReportForm(_ChildFields):
    unit_name = forms.CharField(label=_("报告单位"), max_length=100)
    unit_type = forms.ChoiceField(label=_("报告单位类型"), choices=ReportingUnitType.choices)
    reporter_name = forms.CharField(
        label=_("报告人姓名"), max_length=50, required=False, help_text=_("保密：仅有权限的人员可见。")
    )
    reporter_contact = forms.CharField(label=_("报告人联系方式"), max_length=50, required=False)
    situations = forms.MultipleChoiceField(
        label=_("报告情形（可多选）"), choices=ReportSituation.choices, widget=forms.CheckboxSelectMultiple
    )
    harm_found_at = datetime_field(_("发现时间"))
    police_reported_at = datetime_field(_("向公安报案时间"), required=False)
    police_receipt_no = forms.CharField(label=_("公安受案回执号"), max_length=50, required=False)
    received_at = datetime_field(_("接收时间"))
    description = forms.CharField(label=_("情况描述"), widget=forms.Textarea)
    attachment = forms.FileField(label=_("附件"), required=False, help_text=ATTACHMENT_HELP)

    field_order = [
        "unit_name",
        "unit_type",
        "reporter_name",
        "reporter_contact",
        "child_identity",
        "child_description",
        "area",
        "situations",
        "harm_found_at",
        "police_reported_at",
        "police_receipt_no",
        "received_at",
        "description",
        "attachment",
    ]

    def __init__(self, *args, situations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if situations:
            self.fields["situations"].initial = list(situations)

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "unit_name": data["unit_name"],
            "unit_type": data["unit_type"],
            "reporter_name": data.get("reporter_name", ""),
            "reporter_contact": data.get("reporter_contact", ""),
            "situations": data["situations"],
            "harm_found_at": data["harm_found_at"],
            "police_reported_at": data.get("police_reported_at"),
            "police_receipt_no": data.get("police_receipt_no", ""),
            "received_at": data["received_at"],
            "description": data["description"],
            **self.child_kwargs(),
        }


class OpenCaseForm(VersionedForm):
    form_name = "open"
    key_classes = forms.MultipleChoiceField(
        label=_("重点个案分类"),
        choices=KeyCaseClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("基本情况"), widget=forms.Textarea, required=False)


class DeclineForm(VersionedForm):
    form_name = "decline"
    reason = forms.CharField(label=_("不予立案理由"), widget=forms.Textarea)


class AcknowledgeForm(VersionedForm):
    form_name = "ack"


class OutcomeForm(VersionedForm):
    form_name = "outcome"
    outcome = forms.CharField(label=_("处理结果"), widget=forms.Textarea)
    outcome_told_at = datetime_field(_("反馈报告单位时间"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome_told_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class AttachmentForm(ServiceForm):
    form_name = "attach"
    file = forms.FileField(label=_("附件"), help_text=ATTACHMENT_HELP)


REPORT_STATES = [
    ("unacknowledged", _("未受理")),
    ("overdue", _("逾期未受理")),
    ("awaiting_feedback", _("待反馈")),
]


class IntakeFilterForm(AreaFilterMixin, forms.Form):
    """The intake list's filters: source, status, received between two days, area, the
    report's state (未受理, 逾期未受理, 待反馈) and a search (unit, child, description,
    receipt number; a reporter's exact name only for users allowed to see reporters)."""

    compact = True
    area_path = "area"
    q = forms.CharField(label=_("查找"), required=False, max_length=50)
    source = forms.ChoiceField(label=_("来源"), choices=BLANK + list(CaseSource.choices), required=False)
    status = forms.ChoiceField(label=_("状态"), choices=BLANK + list(IntakeStatus.choices), required=False)
    report = forms.ChoiceField(label=_("强制报告"), choices=BLANK + REPORT_STATES, required=False)
    date_from = forms.DateField(label=_("接收起始日期"), required=False)
    date_to = forms.DateField(label=_("接收截止日期"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = gettext("报告单位、儿童姓名、事由、回执号")
        if user is not None:
            self.add_area_field(user)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        for name, day in (("date_from", start), ("date_to", end)):
            if day and not EARLIEST_YEAR <= day.year <= 9000:
                self.add_error(name, _("请输入有效的日期。"))
        if start and end and end < start and not self.errors:
            self.add_error("date_to", _("截止日期早于起始日期"))
        return data

    def day_range(self) -> tuple[datetime | None, datetime | None]:
        data = self.cleaned_data
        start = data.get("date_from")
        end = data.get("date_to")
        return (
            timezone.make_aware(datetime.combine(start, time.min)) if start else None,
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)) if end else None,
        )
