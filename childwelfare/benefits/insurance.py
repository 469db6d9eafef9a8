"""Insurance rosters (DOMAIN.md §2: 1,066 scattered orphans and de facto unsupported
children given accident insurance, 1,527 children in difficulty given supplementary medical
insurance in 2023). One enrolment per child, scheme and year."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from childwelfare.audit.services import logged_import
from childwelfare.lib.errors import DomainError
from childwelfare.lib.idnumber import keyed_hash, parse
from childwelfare.lib.spreadsheets import Table, cell_text
from childwelfare.lib.tabular import Column, Row, RowError, SheetSchema
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


def _id_number(raw: Any) -> str:
    return parse(cell_text(raw)).number


POLICY_SCHEMA = SheetSchema(
    [
        Column(
            "id_number",
            "公民身份号码",
            ("身份证号", "身份证号码", "被保险人身份证号"),
            parser=_id_number,
            required=True,
            unique=True,
            masked=True,
        ),
        Column("name", "姓名", ("被保险人", "被保险人姓名"), max_length=50),
        Column("policy_number", "保单号", ("保险单号", "保单号码"), required=True, max_length=60),
    ]
)
POLICY_COLUMNS = POLICY_SCHEMA.aliases


@dataclass
class PolicyImportResult:
    """rows: data rows read; updated: enrolments given a policy number (0 unless written);
    errors: the first 1,000 RowErrors (error_count has them all)."""

    rows: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    written: bool = False


def import_policy_numbers(
    table: Table, scheme: InsuranceScheme, *, year: int, actor, filename: str = "", request=None
) -> PolicyImportResult:
    """The insurer's list of policy numbers, matched to enrolments by ID number, on the
    shared import engine (lib.tabular). All or nothing: any row that matches no enrolment
    visible to the actor, repeats an ID number of an earlier row, or is malformed, is an
    error and nothing is written. Raises InsuranceError (no permission) or SpreadsheetError
    (no header row). Every attempt is in the access log, whatever its outcome (issue 13 §9;
    `request` gives the client address)."""
    what = f"{scheme.name} {year}年保单号 {filename[:100]}".strip()
    return logged_import(
        lambda: _import_policy_numbers(table, scheme, year=year, actor=actor),
        user=actor,
        what=what,
        object_type="benefits.insuranceenrolment",
        area_code=actor.area_id or "",
        request=request,
    )


def _import_policy_numbers(table: Table, scheme: InsuranceScheme, *, year: int, actor) -> PolicyImportResult:
    if not permissions.can_manage_insurance(actor, actor.area_id or ""):
        raise InsuranceError(_("您不能导入保单号"))
    enrolments = InsuranceEnrolment.objects.visible_to(actor).filter(scheme=scheme, year=year)
    by_hash = {
        e.child.id_hash: e
        for e in enrolments.select_related("child").only("id", "policy_number", "child__id_hash")
    }

    def check_row(row: Row) -> InsuranceEnrolment | None:
        id_number = row.get("id_number")
        if not id_number or row.has_error("id_number"):
            return None
        enrolment = by_hash.get(keyed_hash(id_number, settings.ID_HASH_KEY))
        if enrolment is None:
            row.error(
                "id_number",
                _("%(year)s年该项目参保名单中没有此人"),
                code="not_enrolled",
                params={"year": year},
            )
            return None
        enrolment.policy_number = row.get("policy_number", "")
        return enrolment

    def write(plans: list[InsuranceEnrolment]) -> int:
        InsuranceEnrolment.objects.bulk_update(plans, ["policy_number"], batch_size=2000)
        return len(plans)

    validation = POLICY_SCHEMA.validate(table, check_row=check_row)
    updated = POLICY_SCHEMA.commit(validation, write)
    return PolicyImportResult(
        rows=validation.rows,
        updated=updated or 0,
        errors=validation.errors,
        error_count=validation.error_count,
        written=validation.written,
    )


def counts_by_district(enrolments) -> list[dict]:
    """[{scheme, district, n}] for the figures of DOMAIN.md §2."""
    from django.db.models.functions import Substr

    return list(
        enrolments.annotate(district=Substr("area_id", 1, 6))
        .values("scheme__name", "year", "district")
        .annotate(n=Count("id"))
        .order_by("scheme__name", "year", "district")
    )
