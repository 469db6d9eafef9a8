"""Projects and activities: recorded by the site's managers, the township's supervisor and
the station's own staff; the activity list (filters, sorting, export), an activity's page
with its children and photos, and the photos served through scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.lib.uploads import oversize_response
from childwelfare.submissions.once import submits_once

from .. import permissions, photos, services
from ..forms import ActivityFilterForm, ActivityForm, PhotoForm, ProjectForm
from ..models import Activity, ActivityPhoto, Site
from ..services import StationError
from .sites import visible_site


@login_required
@submits_once
def project_create(request, pk):
    site = visible_site(request, pk)
    deny_unless(permissions.can_record_work(request.user, site))
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_project(site, actor=request.user, **form.cleaned_data)
        except StationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("项目已登记。"))
            return redirect("stations:site_detail", pk=site.pk)
    return render(request, "stations/site_add.html", {"form": form, "site": site, "title": _("登记服务项目")})


@login_required
@submits_once
def activity_create(request, pk):
    site = visible_site(request, pk)
    deny_unless(permissions.can_record_work(request.user, site))
    form = ActivityForm(request.POST or None, site=site, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.record_activity(site, actor=request.user, **form.cleaned_data)
        except StationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("活动已登记。"))
            return redirect("stations:activity_detail", pk=activity.pk)
    return render(request, "stations/site_add.html", {"form": form, "site": site, "title": _("登记活动")})


ACTIVITY_SORTS = SortMap(
    {
        "day": ("-held_on", "-pk"),
        "site": ("site__area_id", "-held_on", "-pk"),
        "kind": ("kind", "-held_on", "-pk"),
        "person_times": ("-person_times", "-pk"),
    },
    default="day",
)


def listed_activities(user, query):
    """(filter form, the activities `user` sees filtered by `query`): the list page and its
    export read the same rows."""
    form = ActivityFilterForm(query or None, user=user)
    activities = form.filter(Activity.objects.visible_to(user).select_related("site", "project"))
    return form, activities


@page_for(permissions.can_read_sites)
def activity_list(request):
    form, activities = listed_activities(request.user, request.GET)
    page = paginate(request, activities, sorting=ACTIVITY_SORTS.read(request))
    site = None
    if form.is_valid() and form.cleaned_data.get("site"):
        site = Site.objects.visible_to(request.user).filter(pk=form.cleaned_data["site"]).first()
    return render(request, "stations/activity_list.html", {"form": form, "page": page, "site": site})


@login_required
@submits_once
def activity_detail(request, pk):
    """The activity, its children and photos; a POST adds a photo (its recorders)."""
    activity = get_visible_or_404(
        Activity.objects.select_related("site", "project", "created_by"), request.user, pk=pk
    )
    may_record = permissions.can_record_work(request.user, activity.site)
    form = PhotoForm()
    if request.method == "POST":
        deny_unless(may_record)
        if (refused := oversize_response(request)) is not None:
            return refused
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                photos.add_photo(activity, actor=request.user, upload=form.cleaned_data["photo"])
            except StationError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("照片已上传。"))
                return redirect("stations:activity_detail", pk=activity.pk)
    children = activity.children.visible_to(request.user).order_by("name")
    return render(
        request,
        "stations/activity_detail.html",
        {
            "activity": activity,
            "children": children,
            "photos": activity.photos.all(),
            "form": form,
            "may_record": may_record,
        },
    )


@login_required
def photo(request, pk):
    """A photo's bytes, to those who see its activity (else 404), never cached by a proxy."""
    found = get_visible_or_404(ActivityPhoto.objects.all(), request.user, pk=pk)
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
