"""Insurance rosters (DOMAIN.md §2: 1,066 scattered orphans and de facto unsupported
children given accident insurance, 1,527 children in difficulty given supplementary medical
insurance in 2023). One enrolment per child, scheme and year."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.errors import DomainError
from childwelfare.lib.idnumber import IDNumberError, keyed_hash, parse
from childwelfare.lib.spreadsheets import Table, cell_text, find_header, is_blank_row, is_total_row
from childwelfare.registry.models import CategorySpell, Child

from . import permissions
from .models import InsuranceEnrolment, InsuranceScheme


class InsuranceError(DomainError):
    """Refused (lib.errors.DomainError: code, field, translatable message)."""


@transaction.atomic
def generate_roster(scheme: InsuranceScheme, *, year: int, area, as_of: date, actor) -> int:
    """Enrol every child of `area` holding one of the scheme's categories on `as_of` who is
    not enrolled in this scheme and year yet. Returns the number added. Set-based: one
    query for the children, one bulk insert."""
    if not permissions.can_manage_insurance(actor, area.code):
        raise InsuranceError(_("您不能生成该区划的参保名单"), code="cannot_manage_insurance", field="area")
    if not scheme.categories:
        raise InsuranceError(_("该保险项目未设置参保类别"), code="scheme_without_categories")
    spells = CategorySpell.objects.active_on(as_of).filter(
        child=OuterRef("pk"), category__in=scheme.categories
    )
    enrolled = InsuranceEnrolment.objects.filter(scheme=scheme, year=year, child=OuterRef("pk"))
    children = (
        Child.objects.in_area(area.code)
        .filter(Exists(spells))
        .exclude(Exists(enrolled))
        .annotate(first_category=_first_category(scheme, as_of))
        .values_list("pk", "area_id", "first_category")
    )
    rows = [
        InsuranceEnrolment(
            scheme=scheme, year=year, child_id=pk, area_id=area_id, category=category, as_of=as_of
        )
        for pk, area_id, category in children.iterator(chunk_size=5000)
    ]
    InsuranceEnrolment.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def _first_category(scheme, as_of):
    from django.db.models import Subquery

    return Subquery(
        CategorySpell.objects.active_on(as_of)
        .filter(child=OuterRef("pk"), category__in=scheme.categories)
        .order_by("start_date")
        .values("category")[:1]
    )


POLICY_COLUMNS = {
    "id_number": ["公民身份号码", "身份证号", "身份证号码", "被保险人身份证号"],
    "name": ["姓名", "被保险人", "被保险人姓名"],
    "policy_number": ["保单号", "保险单号", "保单号码"],
}


@transaction.atomic
def import_policy_numbers(table: Table, scheme: InsuranceScheme, *, year: int, actor) -> dict:
    """The insurer's list of policy numbers, matched to enrolments by ID number. All or
    nothing: any row that matches no enrolment visible to the actor, or is malformed, is an
    error and nothing is written. Returns {"rows", "updated", "errors": [{row, column,
    value, message}]}."""
    if not permissions.can_manage_insurance(actor, actor.area_id or ""):
        raise InsuranceError("您不能导入保单号")
    header = find_header(table, POLICY_COLUMNS, ["id_number", "policy_number"])
    errors = []
    updates = {}
    enrolments = InsuranceEnrolment.objects.filter(scheme=scheme, year=year)
    if actor.area_id:
        enrolments = enrolments.filter(area__code__startswith=actor.area_id)
    by_hash = {
        e.child.id_hash: e
        for e in enrolments.select_related("child").only("id", "policy_number", "child__id_hash")
    }
    rows = 0
    for offset, cells in enumerate(table.rows[header.row_index + 1 :]):
        number = header.row_index + 2 + offset
        if is_blank_row(cells) or is_total_row(cells):
            continue
        rows += 1
        raw = (
            cell_text(cells[header.columns["id_number"]]) if header.columns["id_number"] < len(cells) else ""
        )
        policy = (
            cell_text(cells[header.columns["policy_number"]])
            if header.columns["policy_number"] < len(cells)
            else ""
        )
        try:
            id_number = parse(raw).number
        except IDNumberError as exc:
            errors.append(
                {"row": number, "column": header.labels["id_number"], "value": raw, "message": str(exc)}
            )
            continue
        enrolment = by_hash.get(keyed_hash(id_number, settings.ID_HASH_KEY))
        if enrolment is None:
            errors.append(
                {
                    "row": number,
                    "column": header.labels["id_number"],
                    "value": raw,
                    "message": f"{year}年该项目参保名单中没有此人",
                }
            )
        elif not policy:
            errors.append(
                {
                    "row": number,
                    "column": header.labels["policy_number"],
                    "value": "",
                    "message": "保单号为空",
                }
            )
        else:
            enrolment.policy_number = policy[:60]
            updates[enrolment.pk] = enrolment
    if errors:
        return {"rows": rows, "updated": 0, "errors": errors}
    InsuranceEnrolment.objects.bulk_update(list(updates.values()), ["policy_number"], batch_size=2000)
    return {"rows": rows, "updated": len(updates), "errors": []}


def counts_by_district(enrolments) -> list[dict]:
    """[{scheme, district, n}] for the figures of DOMAIN.md §2."""
    from django.db.models.functions import Substr

    return list(
        enrolments.annotate(district=Substr("area_id", 1, 6))
        .values("scheme__name", "year", "district")
        .annotate(n=Count("id"))
        .order_by("scheme__name", "year", "district")
    )
