"""Figures of the insurance bought for children (DOMAIN.md §1 part 2, §2): scattered orphans
and de facto unsupported children given accident insurance, children in difficulty given
supplementary medical insurance, and the dashboard's insured children per scheme.

The records are the rosters (benefits.insurance: one enrolment per child, scheme and
insurance year); a child taken off a roster (removed) is not counted; the area is the
enrolment's community (the child's when the roster was drawn up), by prefix."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.benefits.choices import InsuranceKind
from childwelfare.benefits.models import InsuranceEnrolment, InsuranceScheme
from childwelfare.registry.choices import Category

from .. import units
from ..figures import Column, Figure, Period, TallySpec, register

ACCIDENT_CATEGORIES = (Category.SCATTERED_ORPHAN, Category.DE_FACTO_UNSUPPORTED)


def _enrolled(period: Period, years):
    return (
        InsuranceEnrolment.objects.enrolled()
        .filter(area__code__areaprefix=period.area_code, year__in=list(years))
        .order_by("scheme_id", "area_id", "child_id")
    )


def _years(period: Period) -> range:
    return range(period.date_from.year, period.date_to.year + 1)


def accident_insured(period: Period, arg=None):
    """Enrolments of insurance years within the period on accident schemes, of children
    enrolled as scattered orphans or de facto unsupported children."""
    return _enrolled(period, _years(period)).filter(
        scheme__kind=InsuranceKind.ACCIDENT, category__in=ACCIDENT_CATEGORIES
    )


def medical_insured(period: Period, arg=None):
    """Enrolments of insurance years within the period on supplementary medical schemes."""
    return _enrolled(period, _years(period)).filter(scheme__kind=InsuranceKind.SUPPLEMENTARY_MEDICAL)


def _covered_on(period: Period):
    """Enrolments of the insurance year of the period's end day, covered by then."""
    return _enrolled(period, [period.date_to.year]).filter(
        Q(cover_from__isnull=True) | Q(cover_from__lte=period.date_to)
    )


def _scheme(arg: str | None) -> InsuranceScheme:
    try:
        return InsuranceScheme.objects.get(pk=int(arg or ""))
    except (ValueError, InsuranceScheme.DoesNotExist) as exc:
        raise LookupError(arg) from exc


def insured_by_scheme(period: Period, arg: str | None):
    """Children on scheme `arg`'s (its id) roster of the end day's year, covered by then."""
    return _covered_on(period).filter(scheme=_scheme(arg))


def _by_scheme(period, scope):
    rows = scope(_covered_on(period)).order_by().values("scheme_id").annotate(n=Count("pk"))
    return {str(row["scheme_id"]): row["n"] for row in rows}


def _enrolment_url(enrolment) -> str:
    return reverse("benefits:insurance_enrolment", args=[enrolment.pk])


COLUMNS = (
    Column(_("姓名"), lambda e: e.child.name),
    Column(_("所属区划"), lambda e: e.area.name),
    Column(_("保险项目"), lambda e: e.scheme.name),
    Column(_("参保时类别"), lambda e: e.get_category_display()),
    Column(_("保险年度"), lambda e: e.year),
    Column(_("起保日期"), lambda e: e.cover_from or "—"),
)
SELECT = ("child", "area", "scheme")

register(
    Figure(
        key="insurance.accident_insured",
        label=_("散居孤儿和事实无人抚养儿童参加意外伤害保险"),
        records=accident_insured,
        columns=COLUMNS,
        detail_url=_enrolment_url,
        unit=units.CHILDREN,
        note=_(
            "期间内各保险年度意外伤害保险名单中在册（未移出）、参保时为散居孤儿或事实无人抚养儿童的人数，"
            "按名单上的社区区划统计。"
        ),
        select_related=SELECT,
    )
)
register(
    Figure(
        key="insurance.medical_insured",
        label=_("困境儿童参加补充医疗保险"),
        records=medical_insured,
        columns=COLUMNS,
        detail_url=_enrolment_url,
        unit=units.CHILDREN,
        note=_("期间内各保险年度补充医疗保险名单中在册（未移出）的人数，按名单上的社区区划统计。"),
        select_related=SELECT,
    )
)
register(
    Figure(
        key="insurance.insured_by_scheme",
        label=_("各保险项目参保儿童"),
        records=insured_by_scheme,
        values=_by_scheme,
        columns=COLUMNS,
        detail_url=_enrolment_url,
        arg_label=lambda arg: _scheme(arg).name,
        unit=units.CHILDREN,
        note=_("截止日期所在保险年度名单中在册、起保日期不晚于截止日期的儿童，按保险项目分列。"),
        select_related=SELECT,
        tally=TallySpec(records=_covered_on, area="area_id", arg="scheme_id"),
    )
)
