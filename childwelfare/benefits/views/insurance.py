"""Insurance rosters (参保名单): the schemes with enrolment counts per district, a scheme's
enrolments, generating the roster for an area, and uploading the insurer's policy numbers
(all or nothing, with row errors, as a background job) (DOMAIN.md §2)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless
from childwelfare.accounts.permissions import can_read_children
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import paginate
from childwelfare.lib.uploads import oversize_response
from childwelfare.registry.choices import Category
from childwelfare.registry.services import start_import
from childwelfare.submissions.once import submits_once

from ..forms import PolicyUploadForm, RosterForm, insurance_areas
from ..insurance import InsuranceError, counts_by_district, generate_roster
from ..models import InsuranceEnrolment, InsuranceScheme
from .common import reader_required


def _year(request) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


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
    of_year = visible.filter(year=year)
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


def _scheme_page(request, scheme, year: int, *, roster_form=None, upload_form=None, status=200):
    user = request.user
    areas = insurance_areas(user)
    may_manage = areas.exists()
    enrolments = (
        InsuranceEnrolment.objects.visible_to(user)
        .filter(scheme=scheme, year=year)
        .select_related("child", "area")
        .order_by("area_id", "child__name", "pk")
    )
    missing = request.GET.get("missing") == "1"
    listed = enrolments.filter(policy_number="") if missing else enrolments
    page = paginate(request, listed)
    scheme.category_text = _categories(scheme)
    context = {
        "scheme": scheme,
        "year": year,
        "page": page,
        "missing": missing,
        "total": enrolments.count(),
        "without_policy": enrolments.filter(policy_number="").count(),
        "districts": _pivot(counts_by_district(enrolments), [scheme.name]),
        "may_manage": may_manage,
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
                _("已生成%(area)s%(year)s年参保名单：新增 %(n)s 人")
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
