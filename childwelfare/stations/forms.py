"""Forms of the stations pages: they read and check input; every write goes through
stations.services (whose StationError the views put beside its field)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Role
from childwelfare.accounts.models import User
from childwelfare.areas.choices import Level
from childwelfare.areas.filters import AreaFilterMixin
from childwelfare.areas.models import Area
from childwelfare.lib.forms import ServiceForm, VersionedForm
from childwelfare.registry.models import Child

from .choices import ActivityKind, BuildType, ProjectKind, ProjectStatus, SiteKind, SiteLevel, SiteStatus
from .models import Project, Site

BLANK = [("", "—")]


class SiteForm(VersionedForm):
    """Register or edit a site (services.create_site / update_site)."""

    kind = forms.ChoiceField(label=_("类型"), choices=BLANK + SiteKind.choices)
    name = forms.CharField(label=_("名称"), max_length=100)
    area = forms.ModelChoiceField(label=_("所在区划"), queryset=Area.objects.none())
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("建设等级"), choices=SiteLevel.choices, initial=SiteLevel.ORDINARY)
    build_type = forms.ChoiceField(label=_("建设方式"), choices=BuildType.choices, initial=BuildType.EXISTING)
    livelihood_project = forms.BooleanField(label=_("列入民生实事项目"), required=False)
    livelihood_year = forms.IntegerField(
        label=_("民生实事年度"), min_value=2000, max_value=2100, required=False
    )
    institution = forms.CharField(
        label=_("所属机构"),
        max_length=100,
        required=False,
        help_text=_("指导中心填写所属机构，如南京市儿童福利院"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        areas = Area.objects.within(user.area_id or "").filter(
            Q(level=Level.CITY) | Q(level=Level.STREET) | Q(level=Level.COMMUNITY)
        )
        self.fields["area"].queryset = areas.order_by("code")
        self.fields["area"].label_from_instance = lambda area: area.full_name or area.name

    def site_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "name": data["name"].strip(),
            "area": data["area"],
            "address": data["address"].strip(),
            "level": data["level"],
            "build_type": data["build_type"],
            "livelihood_project": data["livelihood_project"],
            "livelihood_year": data["livelihood_year"],
            "institution": data["institution"].strip(),
        }


class MoveForm(ServiceForm):
    form_name = "move"
    to = forms.ChoiceField(label=_("新状态"), choices=SiteStatus.choices)
    on = forms.DateField(label=_("日期"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, site: Site, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        allowed = Site.workflow.allowed(site.status)
        self.fields["to"].choices = [
            (value, label) for value, label in SiteStatus.choices if value in allowed
        ]


class SiteChangeForm(ServiceForm):
    changed_on = forms.DateField(label=_("日期"))
    note = forms.CharField(label=_("说明"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class MemberForm(ServiceForm):
    user = forms.ModelChoiceField(label=_("工作人员"), queryset=User.objects.none())
    since = forms.DateField(label=_("起始日期"))
    move = forms.BooleanField(
        label=_("调入本站"),
        required=False,
        help_text=_("该人员已在其他阵地任职时，勾选后从原阵地调入本站"),
    )

    def __init__(self, *args, site: Site, **kwargs):
        kwargs.setdefault("initial", {"since": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            role=Role.STATION_STAFF, is_active=True, area__code__startswith=site.area_id[:9]
        ).order_by("username")
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.full_name}{gettext('（')}{u.username}{gettext('）')}"
        )


class FundingForm(ServiceForm):
    amount = forms.DecimalField(label=_("金额（元）"), max_digits=12, decimal_places=2, min_value=0)
    allocated_on = forms.DateField(label=_("拨付日期"))
    purpose = forms.CharField(label=_("用途"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=100, required=False)


class TrainingForm(ServiceForm):
    held_on = forms.DateField(label=_("培训日期"))
    topic = forms.CharField(label=_("培训主题"), max_length=200)
    trainer = forms.CharField(label=_("授课人"), max_length=100, required=False)
    attendee_count = forms.IntegerField(label=_("参训人数"), min_value=1, max_value=100000)
    attendee_names = forms.CharField(
        label=_("参训人员"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class InspectionForm(ServiceForm):
    inspected_on = forms.DateField(label=_("检查日期"))
    inspector = forms.CharField(label=_("检查人"), max_length=100)
    findings = forms.CharField(
        label=_("发现的问题"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    follow_up = forms.CharField(
        label=_("整改要求"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    follow_up_due = forms.DateField(label=_("整改期限"), required=False)


class ProjectForm(ServiceForm):
    name = forms.CharField(label=_("项目名称"), max_length=200)
    kind = forms.ChoiceField(label=_("项目类型"), choices=ProjectKind.choices)
    start_date = forms.DateField(label=_("开始日期"))
    end_date = forms.DateField(label=_("结束日期"), required=False)
    budget = forms.DecimalField(
        label=_("预算（元）"), max_digits=12, decimal_places=2, min_value=0, initial=0
    )
    partner = forms.CharField(label=_("合作机构"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("状态"), choices=ProjectStatus.choices, initial=ProjectStatus.RUNNING)


class ActivityForm(ServiceForm):
    """An activity; the children offered are those of the site's area the user sees (a child
    chosen by id outside it is refused by the service, naming the child)."""

    held_on = forms.DateField(label=_("活动日期"))
    kind = forms.ChoiceField(label=_("活动类型"), choices=ActivityKind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    person_times = forms.IntegerField(label=_("服务人次"), min_value=1, max_value=1000000)
    project = forms.ModelChoiceField(label=_("所属项目"), queryset=Project.objects.none(), required=False)
    children = forms.ModelMultipleChoiceField(
        label=_("参与儿童（在册）"), queryset=Child.objects.none(), required=False
    )
    notes = forms.CharField(
        label=_("备注"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    def __init__(self, *args, site: Site, user, **kwargs):
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(site=site).order_by("-start_date")
        self.fields["children"].queryset = Child.objects.visible_to(user)
        offered = (
            Child.objects.visible_to(user).filter(area__code__startswith=site.area_id).order_by("name")[:500]
        )
        self.fields["children"].widget.choices = [
            (c.pk, f"{c.name}{gettext('（')}{c.pk}{gettext('）')}") for c in offered
        ]
        self.fields["children"].widget.attrs["size"] = 6


class PhotoForm(ServiceForm):
    form_name = "photo"
    photo = forms.FileField(label=_("活动照片（JPEG或PNG，5MB以内）"))


class SiteFilterForm(AreaFilterMixin, forms.Form):
    compact = True
    area_path = "area"
    q = forms.CharField(label=_("名称"), required=False, max_length=50)
    kind = forms.ChoiceField(label=_("类型"), choices=[("", _("全部"))] + SiteKind.choices, required=False)
    level = forms.ChoiceField(
        label=_("建设等级"), choices=[("", _("全部"))] + SiteLevel.choices, required=False
    )
    build_type = forms.ChoiceField(
        label=_("建设方式"), choices=[("", _("全部"))] + BuildType.choices, required=False
    )
    status = forms.ChoiceField(
        label=_("状态"), choices=[("", _("全部"))] + SiteStatus.choices, required=False
    )
    livelihood = forms.BooleanField(label=_("民生实事项目"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_area_field(user)

    def filter(self, sites):
        if not self.is_valid():
            return sites
        data = self.cleaned_data
        if data.get("q"):
            sites = sites.filter(name__icontains=data["q"].strip())
        for name in ("kind", "level", "build_type", "status"):
            if data.get(name):
                sites = sites.filter(**{name: data[name]})
        if data.get("livelihood"):
            sites = sites.filter(livelihood_project=True)
        return self.filter_by_area(sites)


class PeriodForm(forms.Form):
    """A period of days (both ends optional, inclusive)."""

    compact = True
    date_from = forms.DateField(label=_("起始日期"), required=False)
    date_to = forms.DateField(label=_("截止日期"), required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("截止日期早于起始日期"))
        return data

    def period(self):
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")


class ActivityFilterForm(AreaFilterMixin, PeriodForm):
    area_path = "site__area"
    q = forms.CharField(label=_("活动名称"), required=False, max_length=50)
    kind = forms.ChoiceField(
        label=_("活动类型"), choices=[("", _("全部"))] + ActivityKind.choices, required=False
    )
    site = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_area_field(user)

    def filter(self, activities):
        if not self.is_valid():
            return activities
        data = self.cleaned_data
        if data.get("q"):
            activities = activities.filter(title__icontains=data["q"].strip())
        if data.get("kind"):
            activities = activities.filter(kind=data["kind"])
        if data.get("site"):
            activities = activities.filter(site_id=data["site"])
        if data.get("date_from"):
            activities = activities.filter(held_on__gte=data["date_from"])
        if data.get("date_to"):
            activities = activities.filter(held_on__lte=data["date_to"])
        return self.filter_by_area(activities)


class FiguresForm(PeriodForm):
    area = forms.ChoiceField(label=_("区划"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from childwelfare.areas.filters import area_choices, user_area_root

        root = user_area_root(user)
        self.root = root
        self.fields["area"].choices = [("", _("本辖区"))] + [
            (code, label) for code, label in area_choices(user) if len(code) <= 9
        ]

    def area_code(self) -> str:
        if self.is_valid() and self.cleaned_data.get("area"):
            return self.cleaned_data["area"]
        return self.root
