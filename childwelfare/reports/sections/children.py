"""Figures of the child file: children by category as of a day (the dashboard's bar chart;
the annual report's children covered)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.idnumber import mask
from childwelfare.registry.choices import Category, FileStatus
from childwelfare.registry.models import CategorySpell, Child

from .. import units
from ..figures import Column, Figure, TallySpec, register

CHILD_COLUMNS = (
    Column(_("姓名"), lambda child: child.name),
    Column(_("身份证号"), lambda child: mask(child.id_number) if child.id_number else "—"),
    Column(_("所属区划"), lambda child: child.area.name),
)


def _child_url(child) -> str:
    return reverse("registry:child_detail", args=[child.pk])


def _category_label(arg: str):
    try:
        return Category(arg).label
    except ValueError as exc:
        raise LookupError(arg) from exc


def _spells_held(period):
    return CategorySpell.objects.held_on(period.date_to).filter(
        child__area__code__areaprefix=period.area_code, child__status=FileStatus.OPEN
    )


def _children_in_category(period, arg):
    _category_label(arg)  # LookupError for an unknown category
    return (
        Child.objects.open_files()
        .filter(area__code__areaprefix=period.area_code)
        .with_category(arg, period.date_to)
        .order_by("area_id", "name_pinyin", "pk")
    )


def _children_by_category(period, scoped):
    spells = scoped(Child.objects.all())  # the user's scope, applied to the children
    rows = (
        _spells_held(period)
        .filter(child__in=spells)
        .values("category")
        .annotate(n=Count("child_id", distinct=True))
    )
    return {row["category"]: row["n"] for row in rows}


register(
    Figure(
        key="children.by_category",
        label=_("各类儿童人数"),
        records=_children_in_category,
        values=_children_by_category,
        columns=CHILD_COLUMNS,
        detail_url=_child_url,
        arg_label=_category_label,
        unit=units.CHILDREN,
        note=_("截止日期当日持有该类别（已确认、未满18周岁、档案未关闭）的儿童。"),
        select_related=("area",),
        tally=TallySpec(
            records=_spells_held,
            area="child__area_id",
            arg="category",
            value=lambda period: Count("child_id", distinct=True),
        ),
    )
)
