"""Forms of the active-discovery pages. They only read and check input; every write goes
through discovery.services, whose DiscoveryError the views show to the user."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Department
from childwelfare.areas.choices import Level
from childwelfare.areas.filters import AreaFilterMixin
from childwelfare.areas.models import Area
from childwelfare.lib.dates import EventDateError, check_event_date
from childwelfare.lib.forms import VersionedForm
from childwelfare.registry.choices import ALLOWANCE_CATEGORIES, Category, Gender

from .choices import (
    Colour,
    Dimension,
    MeasureType,
    ProblemKind,
    ProblemStatus,
    ProviderKind,
    RecordStatus,
    VisitMode,
)
from .models import RiskItem, RiskItemSet
from .risk import current_item_set
from .services import VISIT_FIELDS

BLANK = [("", "—")]


def _not_future(value: date | None) -> date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("日期不能晚于今天"))
    return value


# ---- campaigns ---------------------------------------------------------------------------


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    area = forms.ModelChoiceField(label=_("排查范围"), queryset=Area.objects.none(), empty_label=None)
    target_categories = forms.MultipleChoiceField(
        label=_("排查对象类别"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("不勾选表示所有有困境类别的儿童"),
    )
    start_date = forms.DateField(label=_("开始日期"))
    end_date = forms.DateField(label=_("结束日期"))
    sample_percent = forms.DecimalField(
        label=_("复核抽样比例（%）"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        initial=10,
        help_text=_("区民政干部抽样复访的比例，默认 10%"),
    )

    def __init__(self, *args, user, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year, "start_date": today})
        super().__init__(*args, **kwargs)
        code = user.area_id or ""
        areas = Area.objects.within(code).filter(level__gte=Level.CITY, level__lte=Level.STREET)
        self.fields["area"].queryset = areas.order_by("code")
        self.fields["area"].label_from_instance = lambda area: area.full_name
        self.fields["area"].initial = user.area_id

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("结束日期早于开始日期"))
        return data

    @property
    def sample_rate(self) -> Decimal:
        return (self.cleaned_data["sample_percent"] / 100).quantize(Decimal("0.001"))


# ---- visits, colours and problems --------------------------------------------------------


class VisitForm(forms.Form):
    """A home visit with its four-colour items. `screening` adds the policy flag of step 1;
    `version` is the record version the user saw (optimistic locking), when there is a record."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    visited_on = forms.DateField(label=_("走访日期"), validators=[_not_future])
    mode = forms.ChoiceField(label=_("走访方式"), choices=VisitMode.choices)
    living_situation = forms.CharField(label=_("生活状况"), required=False, widget=forms.Textarea)
    guardianship = forms.CharField(label=_("监护情况"), required=False, widget=forms.Textarea)
    schooling = forms.CharField(label=_("就学情况"), required=False, widget=forms.Textarea)
    hukou = forms.CharField(label=_("户籍情况"), required=False, widget=forms.Textarea)
    health = forms.CharField(label=_("健康状况"), required=False, widget=forms.Textarea)
    safety = forms.CharField(label=_("安全情况"), required=False, widget=forms.Textarea)
    suspected_category_change = forms.CharField(
        label=_("疑似类别变化"),
        required=False,
        max_length=200,
        help_text=_("如：父亲已刑满释放，可能不再符合事实无人抚养"),
    )
    notes = forms.CharField(label=_("备注"), required=False, widget=forms.Textarea)
    items = forms.ModelMultipleChoiceField(
        label=_("存在的情形"), queryset=RiskItem.objects.none(), required=False
    )
    in_difficulty_not_eligible = forms.BooleanField(
        label=_("不符合政策但确有困难"),
        required=False,
        help_text=_("不符合任何保障类别，但生活确有困难，需要关注"),
    )
    # Lowering the colour or ending an emergency item (issue 8): the service checks them.
    ended_items = forms.ModelMultipleChoiceField(
        label=_("已核实不再存在的情形"), queryset=RiskItem.objects.none(), required=False
    )
    downgrade_reason = forms.CharField(
        label=_("降级或解除原因"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("取消勾选后颜色降低或解除紧急情形时必填：说明核实了什么、怎样核实的"),
    )

    def __init__(
        self,
        *args,
        item_set: RiskItemSet | None = None,
        record=None,
        screening: bool = False,
        current=None,
        birth_date: date | None = None,
        **kwargs,
    ):
        """`current`: the child's current RiskAssessment (or None): the items start ticked
        as it has them (matched by code in this form's item set), and its items may be
        stated as ended. `birth_date` (the record's child's when a record is given): the
        visit date is checked against it with the form's other errors."""
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("visited_on", timezone.localdate())
        if record is not None:
            kwargs["initial"].setdefault("version", record.version)
        self.item_set = item_set or current_item_set(timezone.localdate())
        self.current = current
        self.birth_date = birth_date or (record.child.birth_date if record is not None else None)
        items = RiskItem.objects.filter(item_set=self.item_set).order_by("position", "id")
        current_items = list(current.items.all()) if current is not None else []
        if current_items:
            codes = [item.code for item in current_items]
            kwargs["initial"].setdefault(
                "items", [str(pk) for pk in items.filter(code__in=codes).values_list("pk", flat=True)]
            )
        super().__init__(*args, **kwargs)
        if record is None:
            del self.fields["version"]
        self.fields["items"].queryset = items
        if current_items:
            self.fields["ended_items"].queryset = RiskItem.objects.filter(
                pk__in=[i.pk for i in current_items]
            )
        else:
            del self.fields["ended_items"]
        if current is None:
            del self.fields["downgrade_reason"]
        if not screening:
            del self.fields["in_difficulty_not_eligible"]

    def clean(self):
        data = super().clean()
        visited_on = data.get("visited_on")
        if visited_on:
            # The date rule shown with the form's other errors, not after them (QA of issue 8:
            # errors came back one at a time); the service checks it again with the birth date.
            try:
                check_event_date(
                    visited_on, label=_("走访日期"), field="visited_on", birth_date=self.birth_date
                )
            except EventDateError as exc:
                self.add_error("visited_on", str(exc))
        if visited_on and data.get("items"):
            in_force = current_item_set(visited_on)
            if in_force.pk != self.item_set.pk:
                self.add_error(
                    "items",
                    _("走访日期适用的评估指标是第 %(version)s 版，与本表不同，请重新打开本页勾选")
                    % {"version": in_force.version},
                )
        return data

    def visit_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in VISIT_FIELDS}

    def item_ids(self) -> list[int]:
        return [item.pk for item in self.cleaned_data["items"]]

    def downgrade_fields(self) -> dict:
        """The statement of ended items and the reason, as the services take them."""
        data = self.cleaned_data
        return {
            "ended_item_ids": [item.pk for item in data.get("ended_items") or []],
            "downgrade_reason": data.get("downgrade_reason", ""),
        }

    def ended_rows(self) -> list[tuple[RiskItem, bool]]:
        """[(an item of the current assessment, stated ended)] for the statement boxes."""
        if "ended_items" not in self.fields:
            return []
        stated = {str(value) for value in (self["ended_items"].value() or [])}
        return [(item, str(item.pk) in stated) for item in self.fields["ended_items"].queryset]

    def item_groups(self) -> list[tuple[str, list[tuple[RiskItem, bool]]]]:
        """[(dimension label, [(item, checked)])] in the order of Dimension."""
        selected = {str(value) for value in (self["items"].value() or [])}
        grouped: dict[str, list] = {}
        for item in self.fields["items"].queryset:
            grouped.setdefault(item.dimension, []).append((item, str(item.pk) in selected))
        return [(label, grouped[value]) for value, label in Dimension.choices if value in grouped]


class ProblemForm(forms.Form):
    """A problem to hand to the department that can solve it."""

    kind = forms.ChoiceField(label=_("问题类型"), choices=ProblemKind.choices)
    department = forms.ChoiceField(label=_("责任部门"), choices=Department.choices)
    description = forms.CharField(label=_("问题描述"), widget=forms.Textarea, max_length=2000)
    deadline = forms.DateField(label=_("办理期限"))

    def clean_deadline(self):
        # None when a problem row leaves it empty: ProblemRowForm.clean asks for it beside
        # the field (issue 8, item 3: comparing None with a date was a 500).
        deadline = self.cleaned_data.get("deadline")
        if deadline is not None and deadline < timezone.localdate():
            raise forms.ValidationError(_("办理期限不能早于今天"))
        return deadline


class ProblemRowForm(ProblemForm):
    """An optional problem row under a visit form: left empty it is ignored, started it must
    be complete."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = BLANK + list(ProblemKind.choices)
        self.fields["department"].choices = BLANK + list(Department.choices)
        for field in self.fields.values():
            field.required = False

    @property
    def is_filled(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in ("kind", "department", "description", "deadline"))

    def clean(self):
        data = super().clean()
        if self.is_filled:
            for name in ("kind", "department", "description", "deadline"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("请填写此项"))
        return data


ProblemRowFormSet = forms.formset_factory(ProblemRowForm, extra=2, max_num=5)


# ---- the three steps ---------------------------------------------------------------------


class StepForm(forms.Form):
    """A step on a record or problem: the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReturnForm(StepForm):
    reason = forms.CharField(label=_("退回原因"), max_length=1000, widget=forms.Textarea)


class ResolveMismatchForm(StepForm):
    """Which colour a record whose re-visit disagrees with its screening counts with."""

    keep = forms.ChoiceField(
        label=_("采用"),
        choices=[("revisit", _("复访评定（默认）")), ("screening", _("排查评定（须填写理由）"))],
        initial="revisit",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("理由"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    ended_items = forms.TypedMultipleChoiceField(
        label=_("已核实不再存在的情形"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("保留排查评定时，复访发现而排查没有的紧急情形须逐项确认"),
    )

    def __init__(self, *args, emergencies=(), **kwargs):
        """`emergencies`: the RiskItems the re-visit found and the screening did not
        (services.revisit_emergencies); each must be ticked to keep the screening's colour."""
        super().__init__(*args, **kwargs)
        self.fields["ended_items"].choices = [(item.pk, str(item)) for item in emergencies]


class AddChildForm(forms.Form):
    """An unregistered child found during screening (registered with the child file's checks)."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=20, required=False)
    # A child without hukou has no number (issue 9): birth date and sex are then entered by
    # hand and a hukou problem is raised for the public security bureau.
    no_id = forms.BooleanField(
        label=_("无身份证号（未落户）"),
        required=False,
        help_text=_("勾选后须填写出生日期和性别，并自动登记户籍问题"),
    )
    gender = forms.ChoiceField(
        label=_("性别"), choices=BLANK + list(Gender.choices), required=False, help_text=_("留空则按身份证号")
    )
    birth_date = forms.DateField(label=_("出生日期"), required=False, help_text=_("留空则按身份证号"))
    area = forms.ModelChoiceField(label=_("所属社区（村居）"), queryset=Area.objects.none(), empty_label=None)
    # Categories that carry an allowance need an application and the district's confirmation.
    category = forms.ChoiceField(
        label=_("儿童类别"),
        choices=BLANK
        + [(value, label) for value, label in Category.choices if value not in ALLOWANCE_CATEGORIES],
        required=False,
    )

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        own = user.area_id or ""
        deeper = own if own.startswith(campaign.area_id) else campaign.area_id
        self.fields["area"].queryset = Area.objects.filter(
            code__startswith=deeper, level=Level.COMMUNITY
        ).order_by("code")
        self.fields["area"].label_from_instance = lambda area: area.full_name
        if not self.fields["area"].initial:
            self.fields["area"].initial = own

    def clean(self):
        data = super().clean()
        number = (data.get("id_number") or "").strip()
        if data.get("no_id"):
            if number:
                self.add_error("id_number", _("已勾选“无身份证号”，请不要填写身份证号"))
            if not data.get("birth_date") and "birth_date" not in self.errors:
                self.add_error("birth_date", _("无身份证号时请填写出生日期"))
            if not data.get("gender") and "gender" not in self.errors:
                self.add_error("gender", _("无身份证号时请选择性别"))
        elif not number and "id_number" not in self.errors:
            self.add_error("id_number", _("请填写身份证号，或勾选“无身份证号（未落户）”"))
        return data

    def child_fields(self) -> dict:
        data = self.cleaned_data
        number = "" if data.get("no_id") else data["id_number"].strip()
        fields = {"name": data["name"].strip(), "id_number": number, "area": data["area"]}
        if data.get("gender"):
            fields["gender"] = data["gender"]
        if data.get("birth_date"):
            fields["birth_date"] = data["birth_date"]
        if data.get("category"):
            fields["category"] = data["category"]
        return fields


# ---- care measures -----------------------------------------------------------------------


class CareMeasureForm(forms.Form):
    measure_type = forms.ChoiceField(label=_("措施类型"), choices=MeasureType.choices)
    provider_kind = forms.ChoiceField(label=_("提供方类型"), choices=ProviderKind.choices)
    provider_name = forms.CharField(label=_("提供方"), max_length=100)
    start_date = forms.DateField(label=_("开始日期"))
    end_date = forms.DateField(label=_("结束日期"), required=False, help_text=_("长期措施可不填"))
    description = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"start_date": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("结束日期早于开始日期"))
        return data


class EndMeasureForm(VersionedForm):
    """Ends a care measure; carries the measure's version (one form per measure on the page;
    the view passes the chosen measure to show_conflict)."""

    form_name = "end"
    end_date = forms.DateField(label=_("结束日期"))
    outcome = forms.CharField(label=_("成效"), widget=forms.Textarea, max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)


# ---- problems ----------------------------------------------------------------------------


class ProblemTextForm(forms.Form):
    text = forms.CharField(label=_("办理情况"), widget=forms.Textarea, max_length=2000)


class SolveForm(StepForm, ProblemTextForm):
    text = forms.CharField(label=_("办结情况"), widget=forms.Textarea, max_length=2000)


class CloseForm(StepForm):
    note = forms.CharField(label=_("核验意见"), required=False, max_length=2000, widget=forms.Textarea)


class ReopenForm(StepForm):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea, max_length=2000)


class TransferForm(StepForm):
    """Hand a problem to another department (discovery.services.transfer_problem)."""

    department = forms.ChoiceField(label=_("转至部门"), choices=Department.choices)
    reason = forms.CharField(label=_("转办原因"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ExtendForm(StepForm):
    """A later deadline with its reason (discovery.services.extend_problem_deadline)."""

    deadline = forms.DateField(label=_("新的办理期限"))
    reason = forms.CharField(label=_("延期原因"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class RemindForm(forms.Form):
    """催办 (discovery.services.remind_problem): the note is optional."""

    note = forms.CharField(
        label=_("催办说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ProblemFilterForm(AreaFilterMixin, forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=BLANK + list(ProblemStatus.choices), required=False)
    kind = forms.ChoiceField(label=_("问题类型"), choices=BLANK + list(ProblemKind.choices), required=False)
    department = forms.ChoiceField(
        label=_("责任部门"), choices=BLANK + list(Department.choices), required=False
    )
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, liaison: bool = False, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if liaison:
            del self.fields["department"]
        if user is not None:
            self.add_area_field(user)

    def apply(self, problems, today: date):
        from .board import overdue_problems

        if not self.is_valid():
            return problems
        data = self.cleaned_data
        problems = self.filter_by_area(problems)
        if data.get("status"):
            problems = problems.filter(status=data["status"])
        if data.get("kind"):
            problems = problems.filter(kind=data["kind"])
        if data.get("department"):
            problems = problems.filter(department=data["department"])
        if data.get("overdue"):
            problems = overdue_problems(problems, today)
        return problems


class RecordFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=BLANK + list(RecordStatus.choices), required=False)
    colour = forms.ChoiceField(label=_("颜色"), choices=BLANK + list(Colour.choices), required=False)
    area = forms.CharField(required=False, widget=forms.HiddenInput, max_length=12)
    late = forms.BooleanField(label=_("只看逾期未确认"), required=False)
    sample = forms.BooleanField(label=_("只看抽样复核"), required=False)
    q = forms.CharField(label=_("姓名"), required=False, max_length=50)

    def apply(self, records, *, campaign, today: date):
        from .board import late_records, record_colour

        if not self.is_valid():
            return records
        data = self.cleaned_data
        if data.get("area"):
            records = records.filter(area__code__startswith=data["area"])
        if data.get("status"):
            records = records.filter(status=data["status"])
        if data.get("colour"):
            # The colour the campaign figures count (a resolved re-visit's, issue 8).
            records = records.annotate(counted_colour=record_colour()).filter(counted_colour=data["colour"])
        if data.get("late"):
            records = late_records(campaign, records, today)
        if data.get("sample"):
            records = records.filter(in_sample=True)
        if data.get("q"):
            records = records.filter(child__name__contains=data["q"].strip())
        return records


class WorkFilterForm(forms.Form):
    """Narrow a work list to one running campaign, one community and a name."""

    campaign = forms.ChoiceField(label=_("专项排查"), required=False)
    area = forms.ChoiceField(label=_("社区（村居）"), required=False)
    q = forms.CharField(label=_("姓名"), required=False, max_length=50)

    def __init__(self, *args, campaigns, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].choices = [("", _("全部进行中的排查"))] + [
            (str(c.pk), c.name) for c in campaigns
        ]
        code = user.area_id or ""
        communities = Area.objects.filter(Q(code__startswith=code), level=Level.COMMUNITY).order_by("code")
        # Above a street, community names repeat (龙江社区 in two streets): name the street too.
        label = (lambda a: a.name) if len(code) >= 9 else (lambda a: a.full_name)
        choices = [(a.code, label(a)) for a in communities[:500]]
        self.fields["area"].choices = [("", _("全部"))] + choices
        self.show_area = len(choices) > 1

    def apply(self, records):
        if not self.is_valid():
            return records
        data = self.cleaned_data
        if data.get("campaign"):
            records = records.filter(campaign_id=data["campaign"])
        if data.get("area"):
            records = records.filter(area_id=data["area"])
        if data.get("q"):
            records = records.filter(child__name__contains=data["q"].strip())
        return records


class VisitListFilterForm(AreaFilterMixin, forms.Form):
    colour = forms.ChoiceField(label=_("颜色"), choices=BLANK + list(Colour.choices), required=False)
    q = forms.CharField(label=_("姓名"), required=False, max_length=50)
    area_path = "area"

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.add_area_field(user)
