"""Insurance rosters (参保名单): the schemes with enrolment counts per district, a scheme's
enrolments, generating the roster for an area, and uploading the insurer's policy numbers
(all or nothing, with row errors, as a background job) (DOMAIN.md §2); one child's
enrolment with its history, removal and re-enrolment, and the insurer's file (masked, or in
full as a logged action) (issue 8, item 10)."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404
from childwelfare.accounts.permissions import can_read_children, can_view_full_id
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.errors import DomainError, add_to_form
from childwelfare.lib.forms import posted_version
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.lib.uploads import oversize_response
from childwelfare.registry.choices import Category
from childwelfare.registry.services import start_import
from childwelfare.submissions.once import submits_once

from ..choices import EnrolmentStatus
from ..forms import (
    EnrolmentReenrolForm,
    EnrolmentRemoveForm,
    PolicyUploadForm,
    RosterForm,
    insurance_areas,
)
from ..insurance import (
    InsuranceError,
    counts_by_district,
    enrolment_events,
    generate_roster,
    reenrol,
    remove_enrolment,
)
from ..insurer_export import write_insurer_roster
from ..models import InsuranceEnrolment, InsuranceScheme
from ..permissions import can_manage_insurance
from .common import XLSX, reader_required


def _year(request) -> int:
    return year_of(request.GET)


def _district_names() -> dict[str, str]:
    return dict(Area.objects.filter(level=Level.DISTRICT).values_list("code", "name"))


def _pivot(counts: list[dict], schemes: list[str]) -> list[dict]:
    """counts_by_district rows → one row per district with a count per scheme name."""
    names = _district_names()
    table: dict[str, dict] = {}
    for row in counts:
        entry = table.setdefault(
            row["district"], {"district": names.get(row["district"], row["district"]), "counts": {}}
        )
        entry["counts"][row["scheme__name"]] = entry["counts"].get(row["scheme__name"], 0) + row["n"]
    rows = []
    for code in sorted(table):
        entry = table[code]
        entry["cells"] = [entry["counts"].get(name, 0) for name in schemes]
        rows.append(entry)
    return rows


def _categories(scheme) -> str:
    labels = dict(Category.choices)
    return "、".join(str(labels.get(code, code)) for code in scheme.categories)


@reader_required
def insurance_index(request):
    """Schemes, and for the year the enrolments visible to the user counted per scheme and
    per district (insurance.counts_by_district)."""
    user = request.user
    year = _year(request)
    visible = InsuranceEnrolment.objects.visible_to(user)
    of_year = visible.enrolled().filter(year=year)
    per_scheme = {
        row["scheme"]: row
        for row in of_year.values("scheme").annotate(
            n=Count("pk"), with_policy=Count("pk", filter=~Q(policy_number=""))
        )
    }
    schemes = list(InsuranceScheme.objects.all())
    for scheme in schemes:
        scheme.category_text = _categories(scheme)
        row = per_scheme.get(scheme.pk, {})
        scheme.n = row.get("n", 0)
        scheme.with_policy = row.get("with_policy", 0)
    names = [s.name for s in schemes]
    years = sorted(set(visible.values_list("year", flat=True).distinct()) | {year}, reverse=True)
    context = {
        "year": year,
        "years": years,
        "schemes": schemes,
        "scheme_names": names,
        "districts": _pivot(counts_by_district(of_year), names),
        "totals": [s.n for s in schemes],
    }
    return render(request, "benefits/insurance_index.html", context)


# A scheme's roster, community by community, names in pinyin order (lib.paging).
ENROLMENT_SORTS = SortMap(
    {
        "area": ("area_id", "child__name_sort", "pk"),
        "name": ("child__name_sort", "pk"),
        "policy": ("policy_number", "area_id", "child__name_sort", "pk"),
    },
    default="area",
)


def listed_enrolments(user, scheme, year: int, shown: str, query=None):
    """(shown, enrolments) of a scheme's roster page for a year: on the roster, or with
    shown "removed" those removed, "missing" those without a policy number (the page's and
    its export's rows, in the order `query`'s ?sort= asks)."""
    of_year = InsuranceEnrolment.objects.visible_to(user).filter(scheme=scheme, year=year)
    if shown == "removed":
        listed = of_year.filter(status=EnrolmentStatus.REMOVED)
    elif shown == "missing":
        listed = of_year.enrolled().filter(policy_number="")
    else:
        shown, listed = "", of_year.enrolled()
    return shown, ENROLMENT_SORTS.read_query(query or {}).apply(
        listed.select_related("child", "area", "changed_by")
    )


def year_of(query) -> int:
    """The ?year= of a query string (2000–2100), else this year."""
    value = query.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


def _scheme_page(request, scheme, year: int, *, roster_form=None, upload_form=None, status=200):
    """The roster of a scheme and year as the user sees it: the children on it (or, with
    ?removed=1, those removed, with who, when and why), the counts, the latest changes."""
    user = request.user
    areas = insurance_areas(user)
    may_manage = areas.exists()
    of_year = InsuranceEnrolment.objects.visible_to(user).filter(scheme=scheme, year=year)
    enrolments = of_year.enrolled()
    shown, listed = listed_enrolments(user, scheme, year, request.GET.get("show", ""), request.GET)
    page = paginate(request, listed, sorting=ENROLMENT_SORTS.read(request))
    scheme.category_text = _categories(scheme)
    context = {
        "scheme": scheme,
        "year": year,
        "page": page,
        "shown": shown,
        "total": enrolments.count(),
        "removed": of_year.filter(status=EnrolmentStatus.REMOVED).count(),
        "without_policy": enrolments.filter(policy_number="").count(),
        "districts": _pivot(counts_by_district(enrolments), [scheme.name]),
        "changes": enrolment_events(of_year),
        "may_manage": may_manage,
        "may_export_full": may_manage and can_view_full_id(user),
        "roster_form": roster_form
        or (
            RosterForm(areas=areas, initial={"year": year, "area": areas.first()}, prefix="roster")
            if may_manage
            else None
        ),
        "upload_form": upload_form
        or (PolicyUploadForm(initial={"year": year}, prefix="policy") if may_manage else None),
    }
    return render(request, "benefits/insurance_scheme.html", context, status=status)


def _scheme(request, pk) -> InsuranceScheme:
    """A scheme is city-wide configuration with no area: every role that reads the child file
    sees every scheme; to anyone else a scheme is the page of a missing record (404)."""
    if not can_read_children(request.user):
        raise Http404
    return get_object_or_404(InsuranceScheme, pk=pk)


@login_required
def insurance_scheme(request, pk):
    scheme = _scheme(request, pk)
    return _scheme_page(request, scheme, _year(request))


def _back(scheme, year: int):
    return redirect(reverse("benefits:insurance_scheme", args=[scheme.pk]) + f"?year={year}")


@require_POST
@login_required
@submits_once
def insurance_roster(request, pk):
    """Enrol every child of the area holding one of the scheme's categories on the date
    (insurance.generate_roster); children already enrolled for the year are kept."""
    scheme = _scheme(request, pk)
    areas = insurance_areas(request.user)
    deny_unless(areas.exists())
    form = RosterForm(request.POST, areas=areas, prefix="roster")
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = generate_roster(
                scheme, year=data["year"], area=data["area"], as_of=data["as_of"], actor=request.user
            )
        except InsuranceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "已生成%(area)s%(year)s年参保名单：新增 %(n)s 人",
                    "已生成%(area)s%(year)s年参保名单：新增 %(n)s 人",
                    added,
                )
                % {"area": data["area"].name, "year": data["year"], "n": added},
            )
            return _back(scheme, data["year"])
    return _scheme_page(request, scheme, form.cleaned_data.get("year") or _year(request), roster_form=form)


@require_POST
@login_required
@submits_once
def insurance_policies(request, pk):
    """The insurer's list of policy numbers, matched by ID number to the enrolments the user
    can see, imported by a background job whose page shows the outcome (any bad row: every
    row error is shown there and nothing is written)."""
    scheme = _scheme(request, pk)
    deny_unless(insurance_areas(request.user).exists())
    if (refused := oversize_response(request)) is not None:
        return refused
    form = PolicyUploadForm(request.POST, request.FILES, prefix="policy")
    if not form.is_valid():
        return _scheme_page(request, scheme, _year(request), upload_form=form)
    year = form.cleaned_data["year"]
    # Read and imported by a background job (registry.jobs, kind "policies"), visible in the
    # uploader's area (the whole city for one without an area).
    area = request.user.area or Area.objects.filter(level=Level.CITY).order_by("code").first()
    job = start_import(
        kind="policies",
        actor=request.user,
        area=area,
        upload=form.cleaned_data["file"],
        params={"scheme": scheme.pk, "year": year},
    )
    return redirect("registry:import_job", pk=job.pk)


# --- one child on a roster: removal and re-enrolment ---------------------------------------


def _enrolment(request, pk) -> InsuranceEnrolment:
    """An enrolment of a child in the user's area (else 404, as a missing one)."""
    if not can_read_children(request.user):
        raise Http404
    return get_visible_or_404(
        InsuranceEnrolment.objects.select_related("child", "scheme", "area", "enrolled_by", "changed_by"),
        request.user,
        pk=pk,
    )


@login_required
def insurance_enrolment(request, pk):
    """A child's enrolment with its history (who enrolled, removed or re-enrolled the child,
    when and why); an insurance officer of the child's area removes it with a reason or
    re-enrols it with a note (insurance.remove_enrolment, insurance.reenrol). A refusal is
    shown beside its field with what was typed kept; someone else's move first is a
    conflict shown above the form."""
    enrolment = _enrolment(request, pk)
    may_change = can_manage_insurance(request.user, enrolment.child.area_id)
    forms = {
        "remove_form": EnrolmentRemoveForm(initial={"version": enrolment.version}),
        "reenrol_form": EnrolmentReenrolForm(initial={"version": enrolment.version}),
    }
    if request.method == "POST":
        deny_unless(may_change)
        action = request.POST.get("action")
        form_class, act, key = {
            "remove": (EnrolmentRemoveForm, remove_enrolment, "reason"),
            "reenrol": (EnrolmentReenrolForm, reenrol, "note"),
        }.get(action, (None, None, None))
        if form_class is None:
            return redirect("benefits:insurance_enrolment", pk=pk)
        form = form_class(request.POST)
        forms[f"{action}_form"] = form
        if form.is_valid():
            try:
                act(
                    enrolment,
                    actor=request.user,
                    expected_version=posted_version(request, f"{action}-version"),
                    **{key: form.cleaned_data[key]},
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                done = (
                    _("已将%(name)s移出参保名单") if action == "remove" else _("已将%(name)s重新列入参保名单")
                )
                messages.success(request, done % {"name": enrolment.child.name})
                return redirect("benefits:insurance_enrolment", pk=pk)
        enrolment = _enrolment(request, pk)
    context = {
        "enrolment": enrolment,
        "events": enrolment_events(
            InsuranceEnrolment.objects.filter(pk=enrolment.pk),
            newest_first=False,
            with_enrolment=True,
            limit=500,
        ),
        "may_change": may_change,
        **forms,
    }
    return render(request, "benefits/insurance_enrolment.html", context)


# --- the insurer's file -------------------------------------------------------------------


def _export(request, scheme, year: int, *, full: bool):
    handle = tempfile.TemporaryFile()
    count, title = write_insurer_roster(handle, scheme, year, user=request.user, full=full)
    log_access(
        user=request.user,
        action=AccessAction.EXPORT,
        object_type="benefits.insuranceenrolment",
        detail=title,
        row_count=count,
        area_code=request.user.area_id or "",
        request=request,
    )
    handle.seek(0)
    with translation.override("zh-hans"):
        filename = _("参保名单") + f"_{scheme.name}_{year}.xlsx"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


@never_cache
@require_GET
@login_required
def insurance_export(request, pk):
    """The roster of a scheme and year (?year=) as the insurer's .xlsx, ID and phone numbers
    masked (insurer_export); for the officers who manage insurance. Logged."""
    scheme = _scheme(request, pk)
    deny_unless(insurance_areas(request.user).exists())
    return _export(request, scheme, _year(request), full=False)


@never_cache
@require_POST
@login_required
def insurance_export_full(request, pk):
    """The same file with full ID and phone numbers, as the insurer needs it: a deliberate
    action (POST) of an officer who manages insurance and may see full ID numbers
    (accounts.permissions.can_view_full_id), else 403; logged as such."""
    scheme = _scheme(request, pk)
    deny_unless(insurance_areas(request.user).exists() and can_view_full_id(request.user))
    value = request.POST.get("year", "")
    year = int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year
    return _export(request, scheme, year, full=True)
