"""Forms of the benefits pages. They read and check input only; every write goes through
the domain functions (standards, applications, payroll, insurance), whose DomainErrors the
views put back beside their field with `lib.errors.add_to_form`."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.areas.filters import AreaFilterMixin
from childwelfare.areas.models import Area
from childwelfare.lib.dates import month_end
from childwelfare.lib.forms import ServiceForm, VersionedForm
from childwelfare.lib.spreadsheets import FORMATS
from childwelfare.registry.models import CategorySpell

from .choices import (
    ALLOWANCE_CATEGORIES,
    ApplicantKind,
    ApplicationKind,
    ApplicationStatus,
    LineKind,
    Rounding,
    TerminationReason,
)
from .payroll import PayrollError, first_of_month

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _not_future(day: date) -> date:
    if day > timezone.localdate():
        raise forms.ValidationError(_("日期不能晚于今天"))
    return day


# --- standards ----------------------------------------------------------------------------


class UprateForm(ServiceForm):
    """Raise the standards of an area with the dibao standard: a percentage or a new dibao
    amount (one of the two), an effective date, the legal basis and the rounding rule."""

    percent = forms.DecimalField(
        label=_("调整比例（%）"),
        required=False,
        max_digits=6,
        decimal_places=3,
        help_text=_("如 4.76；与新低保标准二选一"),
    )
    new_dibao_amount = forms.DecimalField(
        label=_("新低保标准（元/月）"),
        required=False,
        max_digits=10,
        decimal_places=2,
        min_value=0,
        help_text=_("按新旧低保标准换算调整比例"),
    )
    effective_from = forms.DateField(label=_("执行起始日"))
    legal_basis = forms.CharField(label=_("文件依据"), max_length=200, help_text=_("文件名称和文号"))
    rounding = forms.ChoiceField(label=_("取整规则"), choices=Rounding.choices, initial=Rounding.YUAN_HALF_UP)
    lowers_standards = forms.BooleanField(
        label=_("本次调整降低保障标准"),
        required=False,
        help_text=_("比例为负数（下调）时必须勾选并说明理由"),
    )
    cut_reason = forms.CharField(
        label=_("下调理由"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "area": forms.ModelChoiceField(label=_("调整区划"), queryset=areas, empty_label=None),
            **self.fields,
        }
        self.fields["area"].label_from_instance = lambda area: area.full_name

    def clean(self):
        data = super().clean()
        if (data.get("percent") is None) == (data.get("new_dibao_amount") is None) and not self.errors:
            raise forms.ValidationError(_("请填写上调比例或新的低保标准（二选一）"))
        return data


# --- applications -------------------------------------------------------------------------


class ApplicationFilterForm(AreaFilterMixin, forms.Form):
    compact = True  # a filter bar: small controls

    q = forms.CharField(label=_("儿童"), required=False, max_length=50)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + list(ApplicationStatus.choices)
    )
    kind = forms.ChoiceField(
        label=_("申请类型"), required=False, choices=[("", _("全部"))] + list(ApplicationKind.choices)
    )
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("姓名、拼音首字母或身份证号后四位")
        if user is not None:
            self.add_area_field(user)


class ApplicationForm(ServiceForm):
    kind = forms.ChoiceField(label=_("申请类型"), choices=ApplicationKind.choices)
    applicant_kind = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(label=_("申请人姓名"), max_length=50)
    applicant_relation = forms.CharField(
        label=_("与儿童关系"),
        max_length=30,
        required=False,
        help_text=_("如祖母、舅舅；村（居）委会代为申请的可不填"),
    )
    submitted_on = forms.DateField(label=_("申请日期"), help_text=_("乡镇（街道）收到申请的日期"))

    def clean_submitted_on(self):
        return _not_future(self.cleaned_data["submitted_on"])


class StepForm(ServiceForm):
    """A step on an application, dated (not in the future, not before the previous step).
    `version` is the version the user saw: someone else acting first is a conflict."""

    on = forms.DateField(label=_("办理日期"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, application, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate(), "version": application.version})
        super().__init__(*args, **kwargs)
        self.application = application

    def clean_on(self):
        day = _not_future(self.cleaned_data["on"])
        app = self.application
        earliest = app.verified_on or app.submitted_on
        if day < earliest:
            raise forms.ValidationError(
                _("办理日期不能早于上一环节（%(day)s）") % {"day": earliest.isoformat()}
            )
        return day


class VerifyForm(StepForm):
    note = forms.CharField(
        label=_("查验意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：已比对公安、法院、残联数据，情况属实"),
    )


class ConfirmForm(StepForm):
    pass


class RefuseForm(StepForm):
    reason = forms.CharField(
        label=_("不予认定理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("理由将书面告知申请人，请写明不符合哪一项条件"),
    )


def spell_label(spell: CategorySpell) -> str:
    if spell.end_date:
        return _("%(category)s（%(start)s至%(end)s）") % {
            "category": spell.get_category_display(),
            "start": spell.start_date.isoformat(),
            "end": spell.end_date.isoformat(),
        }
    return _("%(category)s（%(start)s起）") % {
        "category": spell.get_category_display(),
        "start": spell.start_date.isoformat(),
    }


def open_allowance_spells(child, today: date):
    """The child's allowance categories that have not ended by today (the ones a
    termination can still end)."""
    from django.db.models import Q

    return CategorySpell.objects.filter(child=child, category__in=ALLOWANCE_CATEGORIES).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


class TerminateForm(VersionedForm):
    """Ends one of the child's allowance categories; carries the version of each it offers
    (VersionedForm.record_field), so a category someone else changed since is not ended
    over their change."""

    record_field = "spell"
    conflict_fields = ("category", "start_date", "end_date", "end_reason", "status")
    reason = forms.ChoiceField(label=_("终止原因"), choices=TerminationReason.choices)
    changed_on = forms.DateField(
        label=_("情况变化日期"), help_text=_("如死亡、收养、户籍迁出的日期；保障发放到该月月底")
    )
    note = forms.CharField(label=_("说明"), max_length=150, required=False)

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        spells = open_allowance_spells(child, timezone.localdate()).order_by("start_date")
        self.fields = {
            "spell": forms.ModelChoiceField(label=_("终止的保障类别"), queryset=spells, empty_label=None),
            **self.fields,
        }
        self.fields["spell"].label_from_instance = spell_label

    def clean_changed_on(self):
        return _not_future(self.cleaned_data["changed_on"])

    def clean(self):
        data = super().clean()
        spell, changed_on = data.get("spell"), data.get("changed_on")
        if spell and changed_on and month_end(changed_on) < spell.start_date:
            self.add_error("changed_on", _("变化日期所在月份早于该类别的认定日期"))
        return data


class OnDateForm(forms.Form):
    compact = True  # a filter bar: small controls

    on = forms.DateField(label=_("核对日期"), required=False)

    @property
    def day(self) -> date:
        if self.is_bound and self.is_valid() and self.cleaned_data["on"]:
            return self.cleaned_data["on"]
        return timezone.localdate()


# --- payroll ------------------------------------------------------------------------------


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker), cleaned to its first day."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM", "pattern": r"\d{4}-\d{2}"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return first_of_month(value)
        except PayrollError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class PayrollRunForm(ServiceForm):
    month = MonthField(label=_("发放月份"))

    def __init__(self, *args, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = forms.ModelChoiceField(
            label=_("区（县）"), queryset=districts, empty_label=None
        )
        self.fields["area"].label_from_instance = lambda area: area.name
        if districts.count() == 1:
            self.fields["area"].widget = forms.HiddenInput()
            self.fields["area"].initial = districts.first().pk


class MonthForm(forms.Form):
    compact = True  # a filter bar: small controls

    month = MonthField(label=_("月份"), required=False)

    @property
    def first(self) -> date:
        if self.is_bound and self.is_valid() and self.cleaned_data["month"]:
            return self.cleaned_data["month"]
        return timezone.localdate().replace(day=1)


class LineFilterForm(AreaFilterMixin, forms.Form):
    compact = True  # a filter bar: small controls

    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部"))] + list(LineKind.choices)
    )
    category = forms.ChoiceField(
        label=_("儿童类别"),
        required=False,
        choices=[("", _("全部"))] + [(c.value, c.label) for c in ALLOWANCE_CATEGORIES],
    )
    q = forms.CharField(label=_("儿童"), required=False, max_length=50)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = _("姓名或拼音首字母")
        if user is not None:
            self.add_area_field(user)

    def apply(self, lines):
        if not self.is_valid():
            # A filter that is not valid (an over-long name) lists nothing, never every line.
            return lines.none() if self.is_bound else lines
        data = self.cleaned_data
        lines = self.filter_by_area(lines)
        if data["kind"]:
            lines = lines.filter(kind=data["kind"])
        if data["category"]:
            lines = lines.filter(category=data["category"])
        if data["q"]:
            from childwelfare.registry.models import Child

            lines = lines.filter(child__in=Child.objects.search(data["q"]).values("pk"))
        return lines


# --- insurance ----------------------------------------------------------------------------


def _years() -> list[tuple[int, int]]:
    this = timezone.localdate().year
    return [(year, _("%(year)s年") % {"year": year}) for year in range(this + 1, this - 5, -1)]


class RosterForm(ServiceForm):
    year = forms.TypedChoiceField(label=_("保险年度"), coerce=int)
    as_of = forms.DateField(label=_("名单截止日"), help_text=_("截至该日持有参保类别的儿童列入名单"))

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        self.fields["year"].initial = timezone.localdate().year
        self.fields["as_of"].initial = timezone.localdate()
        self.fields["area"] = forms.ModelChoiceField(label=_("区划"), queryset=areas, empty_label=None)
        self.fields["area"].label_from_instance = lambda area: area.full_name


class PolicyUploadForm(ServiceForm):
    year = forms.TypedChoiceField(label=_("保险年度"), coerce=int)
    file = forms.FileField(
        label=_("保险公司的保单清单"),
        help_text=_("须有“公民身份号码”和“保单号”两列；支持 .xlsx、.xls、.ods、.csv"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        self.fields["year"].initial = timezone.localdate().year
        self.fields["file"].widget.attrs["accept"] = ",".join(sorted(FORMATS))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in FORMATS:
            raise forms.ValidationError(_("不支持的文件格式，请上传 .xlsx、.xls、.ods 或 .csv 文件"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过 20 MB"))
        return upload


class EnrolmentRemoveForm(ServiceForm):
    """Take a child off a roster (benefits.insurance.remove_enrolment): the reason is
    required by the service, which puts its refusal beside the field."""

    form_name = "remove"
    reason = forms.CharField(
        label=_("移出原因"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("如：已在户籍地参保、已迁出本市、已年满18周岁"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class EnrolmentReenrolForm(ServiceForm):
    """Put a removed child back on the roster (benefits.insurance.reenrol) with a note."""

    form_name = "reenrol"
    note = forms.CharField(
        label=_("重新列入说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


def insurance_areas(user):
    """Areas a user may generate rosters for: their own area and the districts inside it."""
    from . import permissions

    areas = Area.objects.visible_to(user).filter(level__in=[Level.CITY, Level.DISTRICT]).order_by("code")
    return areas.filter(code__in=[a.code for a in areas if permissions.can_manage_insurance(user, a.code)])


# --- paid categories awaiting the second person's check ------------------------------------


class SpellReviewForm(forms.Form):
    """The batch decision on pending paid categories (benefits.spells)."""

    action = forms.ChoiceField(
        label=_("处理"), choices=[("confirm", _("确认")), ("refuse", _("不予确认"))], initial="confirm"
    )
    spells = forms.CharField(label=_("选择"), required=False)
    select_all = forms.BooleanField(label=_("全部待复核记录"), required=False)
    approve_arrears = forms.BooleanField(
        label=_("同意补发确认日期之前的月份"),
        required=False,
        help_text=_("不勾选时，按发放时间规则自确认日期起发放"),
    )
    reason = forms.CharField(
        label=_("理由"),
        required=False,
        max_length=500,
        help_text=_("同意补发或不予确认时必填"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_spells(self):
        # Any id is accepted here: the view narrows it to the user's pending records.
        return [int(value) for value in self.data.getlist("spells") if str(value).isdigit()]
