"""The roster file sent to the insurer (issue 8, item 10): one row per child on a scheme's
roster for a year (removed children left out), in the insurer's columns, under a title row
saying what it is, for which area, as of which cut-off and who exported it; the header is
frozen and dates are date cells (lib.spreadsheets.write_xlsx).

ID and phone numbers are masked unless the caller asks for the full file, which the view
allows only to an officer who may see full ID numbers, and logs (audit.log_access). Rows are
read in chunks of 2,000 enrolments, three queries a chunk (enrolments with child, scheme and
area; guardians), plus one for the district and street names.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from childwelfare.areas.models import Area
from childwelfare.lib.idnumber import mask
from childwelfare.lib.phones import mask_phone
from childwelfare.lib.spreadsheets import write_xlsx
from childwelfare.registry.choices import Category, Gender
from childwelfare.registry.models import FamilyMember

from .choices import InsuranceKind
from .models import InsuranceEnrolment, InsuranceScheme

INSURER_COLUMNS = [
    "序号",
    "姓名",
    "性别",
    "公民身份号码",
    "出生日期",
    "参保类别",
    "险种",
    "所属区（县）",
    "所属街道（乡镇）",
    "监护人",
    "联系电话",
    "起保日期",
]
CHUNK_SIZE = 2000
DISTRICT_DIGITS, STREET_DIGITS = 6, 9


def roster_enrolments(scheme: InsuranceScheme, year: int, user) -> QuerySet[InsuranceEnrolment]:
    """The enrolments of the file: on the roster (not removed), visible to `user`, in the
    order of the roster page (area, then the child's name)."""
    return (
        InsuranceEnrolment.objects.visible_to(user)
        .enrolled()
        .filter(scheme=scheme, year=year)
        .order_by("area_id", "child__name", "pk")
    )


def _area_names(enrolments: QuerySet[InsuranceEnrolment]) -> dict[str, str]:
    """{district or street code: name} for the areas of `enrolments` (one query)."""
    codes = set()
    for code in enrolments.values_list("area_id", flat=True).distinct():
        codes |= {code[:DISTRICT_DIGITS], code[:STREET_DIGITS]}
    return dict(Area.objects.filter(code__in=codes).values_list("code", "name"))


def insurer_rows(enrolments: QuerySet[InsuranceEnrolment], *, full: bool) -> Iterator[list[Any]]:
    """One list of cell values per enrolment, in INSURER_COLUMNS order. Guardian: the
    child's first guardian; phone: the guardian's, else the child's."""
    shown_id = (lambda number: number or "") if full else mask
    shown_phone = (lambda number: number or "") if full else mask_phone
    genders = {code: str(label) for code, label in Gender.choices}
    categories = {code: str(label) for code, label in Category.choices}
    kinds = {code: str(label) for code, label in InsuranceKind.choices}
    names = _area_names(enrolments)
    guardians = FamilyMember.objects.filter(is_guardian=True).order_by("child_id", "id")
    rows = enrolments.select_related("child", "scheme").prefetch_related(
        Prefetch("child__family", queryset=guardians, to_attr="guardians")
    )
    for number, enrolment in enumerate(rows.iterator(chunk_size=CHUNK_SIZE), start=1):
        child = enrolment.child
        guardian = child.guardians[0] if child.guardians else None
        phone = (guardian.phone if guardian else "") or child.phone
        yield [
            number,
            child.name,
            genders.get(child.gender, child.gender),
            shown_id(child.id_number),
            child.birth_date,
            categories.get(enrolment.category, enrolment.category),
            kinds.get(enrolment.scheme.kind, enrolment.scheme.kind),
            names.get(enrolment.area_id[:DISTRICT_DIGITS], ""),
            names.get(enrolment.area_id[:STREET_DIGITS], ""),
            guardian.name if guardian else "",
            shown_phone(phone),
            enrolment.cover_from or enrolment.as_of,
        ]


def title_of(scheme: InsuranceScheme, year: int, enrolments, *, user, full: bool, at: datetime) -> str:
    """The title row: scheme and year, the exporter's area, the cut-off date(s), the number
    of children, who exported it and when, and whether numbers are in full."""
    area = user.area.full_name if getattr(user, "area", None) else _("全市")
    cut_offs = "、".join(
        day.isoformat() for day in enrolments.order_by("as_of").values_list("as_of", flat=True).distinct()
    )
    parts = [
        _("%(scheme)s %(year)s年参保名单") % {"scheme": scheme.name, "year": year},
        _("区划：%(area)s") % {"area": area},
        _("名单截止日：%(dates)s") % {"dates": cut_offs or "—"},
        _("在册 %(n)s 人") % {"n": enrolments.count()},
        _("导出人：%(user)s %(at)s")
        % {"user": user, "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M")},
        _("含完整身份证号和电话") if full else _("身份证号和电话已脱敏"),
    ]
    return "｜".join(str(part) for part in parts)


def write_insurer_roster(
    target: str | IO[bytes], scheme: InsuranceScheme, year: int, *, user, full: bool
) -> tuple[int, str]:
    """Write the insurer's file of `scheme` and `year` as `user` sees it to `target` (path or
    binary file); returns (number of children written, title row). Cells are in Chinese
    whatever the page language: the insurer reads Chinese."""
    enrolments = roster_enrolments(scheme, year, user)
    with translation.override("zh-hans"):
        title = title_of(scheme, year, enrolments, user=user, full=full, at=timezone.now())
        count = write_xlsx(
            target,
            INSURER_COLUMNS,
            insurer_rows(enrolments, full=full),
            sheet_title=_("参保名单"),
            title_rows=[title],
            freeze_header=True,
        )
    return count, title
