"""Forms of publicity, the call and the casebook (lib.forms renders them; services write)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Department, Role
from childwelfare.accounts.models import User
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.discovery.choices import MeasureType, ProblemKind
from childwelfare.lib.forms import ServiceForm
from childwelfare.registry.choices import Category

from .choices import EventKind, Law, SubmissionKind

BLANK = [("", _("请选择"))]


def organiser_areas(user):
    """The areas `user` may organise events or submit for: the user's own area and, for the
    city, its districts."""
    code = user.area_id or ""
    if not code:
        return Area.objects.filter(level__in=[Level.CITY, Level.DISTRICT]).order_by("code")
    if len(code) <= 4:
        return Area.objects.filter(code__startswith=code, level__in=[Level.CITY, Level.DISTRICT]).order_by(
            "code"
        )
    return Area.objects.filter(code=code[:6])


class CampaignForm(ServiceForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    theme = forms.CharField(label=_("主题"), max_length=200)
    brand = forms.CharField(label=_("品牌"), max_length=100, required=False, help_text=_("例如：博爱童行号"))
    start_date = forms.DateField(label=_("开始日期"))
    end_date = forms.DateField(label=_("结束日期"))
    launch_date = forms.DateField(label=_("启动仪式日期"), required=False)
    launch_place = forms.CharField(label=_("启动仪式地点"), max_length=200, required=False)
    is_june_month = forms.BooleanField(label=_("六月未成年人保护宣传月"), required=False, initial=True)


class EventForm(ServiceForm):
    kind = forms.ChoiceField(label=_("形式"), choices=BLANK + list(EventKind.choices))
    title = forms.CharField(label=_("名称"), max_length=200, required=False)
    area = forms.ModelChoiceField(label=_("主办区域"), queryset=Area.objects.none())
    department = forms.ChoiceField(
        label=_("成员单位"), choices=BLANK + list(Department.choices), required=False
    )
    unit_name = forms.CharField(label=_("主办单位名称"), max_length=100, required=False)
    place = forms.CharField(label=_("地点"), max_length=200)
    held_on = forms.DateField(label=_("日期"))
    audience = forms.IntegerField(label=_("受众人次"), min_value=0, max_value=10_000_000, initial=0)
    materials = forms.IntegerField(label=_("发放宣传品份数"), min_value=0, max_value=10_000_000, initial=0)
    laws = forms.MultipleChoiceField(
        label=_("宣传的法律"), choices=Law.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("备注"), widget=forms.Textarea, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = organiser_areas(user)


class CallForm(ServiceForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=200)
    deadline = forms.DateField(label=_("截止日期"))
    accepts_cases = forms.BooleanField(label=_("征集优秀案例"), required=False, initial=True)
    accepts_projects = forms.BooleanField(label=_("征集优秀项目"), required=False, initial=True)
    select_cases = forms.IntegerField(label=_("评选优秀案例数"), min_value=0, max_value=1000, initial=0)
    select_projects = forms.IntegerField(label=_("评选优秀项目数"), min_value=0, max_value=1000, initial=0)


class CriterionForm(ServiceForm):
    name = forms.CharField(label=_("评分项"), max_length=100)
    weight = forms.IntegerField(label=_("权重"), min_value=1, max_value=100)
    max_points = forms.IntegerField(label=_("满分"), min_value=1, max_value=1000, initial=100)


class SubmissionForm(ServiceForm):
    kind = forms.ChoiceField(label=_("类型"), choices=BLANK + list(SubmissionKind.choices))
    title = forms.CharField(label=_("标题"), max_length=200)
    area = forms.ModelChoiceField(label=_("申报区域"), queryset=Area.objects.none())
    department = forms.ChoiceField(
        label=_("成员单位"), choices=BLANK + list(Department.choices), required=False
    )
    unit_name = forms.CharField(label=_("申报单位名称"), max_length=100, required=False)
    child = forms.IntegerField(
        label=_("关联儿童档案编号"),
        required=False,
        min_value=1,
        help_text=_("仅案例：填写儿童档案页地址中的编号，用于核对材料中是否出现该儿童及其家庭成员的信息"),
    )
    category = forms.ChoiceField(label=_("儿童类别"), choices=BLANK + list(Category.choices), required=False)
    problem = forms.ChoiceField(
        label=_("主要问题"), choices=BLANK + list(ProblemKind.choices), required=False
    )
    measure = forms.ChoiceField(
        label=_("主要措施"), choices=BLANK + list(MeasureType.choices), required=False
    )
    summary = forms.CharField(label=_("摘要"), widget=forms.Textarea, required=False, max_length=2000)
    text = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 12}), max_length=50_000)
    attachments = forms.FileField(
        label=_("附件"),
        required=False,
        help_text=_("PDF、Excel、文字文档或图片，每个不超过20MB"),
    )

    def __init__(self, *args, user, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = organiser_areas(user)
        self.fields["kind"].choices = BLANK + [(k, SubmissionKind(k).label) for k in kinds]


class AssignForm(ServiceForm):
    reviewer = forms.ModelChoiceField(label=_("评审专家"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(role=Role.REVIEWER, is_active=True).order_by(
            "username"
        )


class ScoreForm(ServiceForm):
    """One points field per criterion of the call (points_<criterion id>)."""

    def __init__(self, *args, criteria, initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name}{_('（')}{_('权重')} {criterion.weight}{_('，')}{_('满分')} {criterion.max_points}{_('）')}",
                min_value=0,
                max_value=criterion.max_points,
                initial=(initial_points or {}).get(criterion.pk),
            )

    def points(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"points_{c.pk}"] for c in self.criteria}


class CasebookFilterForm(forms.Form):
    compact = True
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
    collection = forms.ChoiceField(label=_("案例集"), required=False)
    kind = forms.ChoiceField(
        label=_("类型"), choices=[("", _("全部"))] + list(SubmissionKind.choices), required=False
    )
    category = forms.ChoiceField(
        label=_("儿童类别"), choices=[("", _("全部"))] + list(Category.choices), required=False
    )
    problem = forms.ChoiceField(
        label=_("主要问题"), choices=[("", _("全部"))] + list(ProblemKind.choices), required=False
    )
    measure = forms.ChoiceField(
        label=_("主要措施"), choices=[("", _("全部"))] + list(MeasureType.choices), required=False
    )

    def __init__(self, *args, collections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].choices = [("", _("全部"))] + [(str(c.pk), c.name) for c in collections]
