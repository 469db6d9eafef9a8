"""Sites: the list (filters, sorting, area), registration and editing by the city and the
districts, the site page (status and its moves, staff, funding, training, inspections,
projects, activities, figures) and the forms that add to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.forms import posted_version
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.submissions.once import submits_once
from childwelfare.workflow.models import TransitionEvent

from .. import figures, permissions, services
from ..forms import (
    FundingForm,
    InspectionForm,
    MemberForm,
    MoveForm,
    PeriodForm,
    SiteChangeForm,
    SiteFilterForm,
    SiteForm,
    TrainingForm,
)
from ..models import (
    Activity,
    FundingAllocation,
    Inspection,
    Project,
    Site,
    SiteChange,
    StationMembership,
    TrainingSession,
)
from ..services import StationConflict, StationError

SITE_SORTS = SortMap(
    {
        "area": ("area_id", "name", "pk"),
        "name": ("name", "pk"),
        "level": ("level", "area_id", "pk"),
        "status": ("status", "area_id", "pk"),
        "opened": ("-opened_on", "pk"),
    },
    default="area",
)


def visible_site(request, pk) -> Site:
    return get_visible_or_404(Site.objects.select_related("area"), request.user, pk=pk)


@page_for(permissions.can_read_sites)
def site_list(request):
    form = SiteFilterForm(request.GET or None, user=request.user)
    sites = form.filter(Site.objects.visible_to(request.user).select_related("area"))
    page = paginate(request, sites, sorting=SITE_SORTS.read(request))
    return render(
        request,
        "stations/site_list.html",
        {"form": form, "page": page, "may_manage": permissions.can_manage_any_site(request.user)},
    )


@login_required
@submits_once
def site_create(request):
    deny_unless(permissions.can_manage_any_site(request.user))
    form = SiteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.create_site(actor=request.user, **form.site_fields())
        except StationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("阵地已登记。"))
            return redirect("stations:site_detail", pk=site.pk)
    return render(request, "stations/site_form.html", {"form": form, "site": None})


@login_required
def site_edit(request, pk):
    site = visible_site(request, pk)
    deny_unless(permissions.can_manage_sites(request.user, site.area_id))
    initial = {name: getattr(site, name) for name in services.SITE_FIELDS}
    form = SiteForm(request.POST or None, user=request.user, record=site, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_site(
                site, actor=request.user, expected_version=form.seen_version, **form.site_fields()
            )
        except StationConflict as error:
            form.show_conflict(error)
        except StationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("stations:site_detail", pk=site.pk)
    return render(request, "stations/site_form.html", {"form": form, "site": site})


@require_POST
@login_required
def site_move(request, pk):
    site = visible_site(request, pk)
    deny_unless(permissions.can_manage_sites(request.user, site.area_id))
    form = MoveForm(request.POST, site=site)
    if not form.is_valid():
        messages.error(request, _("请选择新状态并填写日期"))
        return redirect("stations:site_detail", pk=site.pk)
    try:
        services.move_site(
            site,
            form.cleaned_data["to"],
            actor=request.user,
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
            expected_version=posted_version(request),
        )
    except StationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("状态已更新。"))
    return redirect("stations:site_detail", pk=site.pk)


@login_required
def site_detail(request, pk):
    site = visible_site(request, pk)
    user = request.user
    today = timezone.localdate()
    period = PeriodForm(request.GET or None)
    date_from, date_to = period.period()
    one = Site.objects.filter(pk=site.pk)
    may_manage = permissions.can_manage_sites(user, site.area_id)
    context = {
        "site": site,
        "may_manage": may_manage,
        "may_record": permissions.can_record_work(user, site),
        "move_form": MoveForm(site=site) if may_manage and Site.workflow.allowed(site.status) else None,
        "events": TransitionEvent.objects.filter(kind="stations.site", object_id=site.pk).select_related(
            "actor"
        )[:20],
        "changes": SiteChange.objects.filter(site=site),
        "members": StationMembership.objects.filter(site=site).select_related("user"),
        "funding": FundingAllocation.objects.filter(site=site)[:50],
        "training": TrainingSession.objects.filter(site=site)[:50],
        "inspections": Inspection.objects.filter(site=site)[:50],
        "projects": Project.objects.filter(site=site)[:100],
        "activities": Activity.objects.filter(site=site).select_related("project")[:20],
        "since_opened": figures.since_opened(site, today),
        "period": period,
        "in_period": figures.figures(site.area_id, date_from, date_to, kinds=None, sites=one)
        if (date_from or date_to)
        else None,
        "today": today,
    }
    return render(request, "stations/site_detail.html", context)


# ---- what the city and the districts add to a site -------------------------------------

ADDITIONS = {
    "funding": (FundingForm, services.add_funding, gettext_lazy("登记经费拨付")),
    "training": (TrainingForm, services.add_training, gettext_lazy("登记培训")),
    "inspection": (InspectionForm, services.add_inspection, gettext_lazy("登记督导检查")),
    "change": (SiteChangeForm, services.record_site_change, gettext_lazy("登记阵地变更")),
}


def _addition(what: str):
    form_class, service, title = ADDITIONS[what]

    @login_required
    @submits_once
    def view(request, pk):
        site = visible_site(request, pk)
        deny_unless(permissions.can_manage_sites(request.user, site.area_id))
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(site, actor=request.user, **form.cleaned_data)
            except StationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("已登记。"))
                return redirect("stations:site_detail", pk=site.pk)
        return render(request, "stations/site_add.html", {"form": form, "site": site, "title": title})

    view.__name__ = f"site_{what}_add"
    return view


site_funding_add = _addition("funding")
site_training_add = _addition("training")
site_inspection_add = _addition("inspection")
site_change_add = _addition("change")


@login_required
@submits_once
def site_member_add(request, pk):
    site = visible_site(request, pk)
    deny_unless(permissions.can_manage_sites(request.user, site.area_id))
    form = MemberForm(request.POST or None, site=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(site, actor=request.user, **form.cleaned_data)
        except StationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("已添加工作人员。"))
            return redirect("stations:site_detail", pk=site.pk)
    return render(request, "stations/site_add.html", {"form": form, "site": site, "title": _("添加工作人员")})
