"""Figures of the child file by area: children holding a category on the day, one number per
area one level below the period's (city → districts, district → townships, township →
communities; the dashboard's bar chart "by district")."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import CODE_LENGTH, LEVEL_BY_LENGTH
from childwelfare.areas.models import Area
from childwelfare.registry.models import Child

from .. import units
from ..figures import Figure, TallySpec, register
from .children import CHILD_COLUMNS, _child_url


def child_level_length(area_code: str) -> int | None:
    """The code length of the areas one level below `area_code` (a city's districts: 6), or
    None below a community."""
    lengths = sorted(CODE_LENGTH.values())
    for length in lengths:
        if length > len(area_code):
            return length
    return None


def _area_label(arg: str):
    area = Area.objects.filter(code=arg).only("name").first()
    if area is None:
        raise LookupError(arg)
    return area.name


def _counted(period):
    """Open files of the period's area holding a (confirmed) category on the day."""
    return (
        Child.objects.open_files()
        .filter(area__code__areaprefix=period.area_code)
        .in_any_category(period.date_to)
    )


def _children_in_area(period, arg):
    length = child_level_length(period.area_code)
    if not arg or length is None or len(arg) != length or not arg.startswith(period.area_code):
        raise LookupError(arg)  # not an area one level below the period's: a 404
    if len(arg) not in LEVEL_BY_LENGTH:
        raise LookupError(arg)
    return _counted(period).filter(area__code__areaprefix=arg).order_by("area_id", "name_pinyin", "pk")


def _children_by_area(period, scoped):
    length = child_level_length(period.area_code)
    if length is None:
        return {}
    rows = (
        scoped(_counted(period))
        .annotate(sub_area=Substr("area_id", 1, length))
        .order_by()
        .values("sub_area")
        .annotate(n=Count("pk"))
    )
    return {row["sub_area"]: row["n"] for row in rows}


register(
    Figure(
        key="children.by_district",
        label=_("各区划儿童人数"),
        records=_children_in_area,
        values=_children_by_area,
        columns=CHILD_COLUMNS,
        detail_url=_child_url,
        arg_label=_area_label,
        unit=units.CHILDREN,
        note=_("截止日期当日持有任一类别（已确认、未满18周岁、档案未关闭）的儿童，按下一级区划分列。"),
        select_related=("area",),
        tally=TallySpec(records=_counted, area="area_id", by_sub_area=True),
    )
)
