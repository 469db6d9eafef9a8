"""Insurance rosters (DOMAIN.md §2: 1,066 scattered orphans and de facto unsupported
children given accident insurance, 1,527 children in difficulty given supplementary medical
insurance in 2023). One enrolment per child, scheme and year: drawn up as of a cut-off date
that is not in the future, taken off the roster with a reason and put back with a note
(issue 8, item 10); the insurer's file is benefits.insurer_export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.audit.services import logged_import
from childwelfare.lib.errors import ConflictError, DomainError
from childwelfare.lib.idnumber import keyed_hash, parse
from childwelfare.lib.spreadsheets import Table, cell_text
from childwelfare.lib.tabular import Column, Row, RowError, SheetSchema
from childwelfare.registry.choices import SpellStatus
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.workflow.services import transition

from . import permissions
from .choices import EnrolmentStatus
from .models import InsuranceEnrolment, InsuranceScheme


class InsuranceError(DomainError):
    """Refused (lib.errors.DomainError: code, field, translatable message)."""


class EnrolmentConflict(ConflictError):
    """Someone else removed or re-enrolled the child first; nothing was written."""


def cover_start(as_of: date, year: int) -> date:
    """起保日期 of a child enrolled with cut-off `as_of` for insurance year `year`: the later
    of the cut-off and 1 January of the year (a roster drawn up in December for next year
    starts on 1 January; one drawn up in March starts on its cut-off)."""
    return max(as_of, date(year, 1, 1))


@transaction.atomic
def generate_roster(scheme: InsuranceScheme, *, year: int, area, as_of: date, actor) -> int:
    """Enrol every child of `area` holding one of the scheme's categories ON the cut-off
    date `as_of` who is not on this scheme's roster for `year` yet (a removed child is not
    enrolled again: see reenrol). Returns the number added.

    Held on the cut-off (issue 8, item 10): a spell with start ≤ as_of and (no end or end ≥
    as_of), confirmed (a paid category still waiting for the second officer, or refused,
    does not count: benefits.spells), of a child under 18 on as_of (one whose 18th birthday
    is on or before the cut-off is not enrolled; lib.dates.age_on).
    Raises InsuranceError: 'cannot_manage_insurance' (field area), 'scheme_without_categories',
    'cut_off_in_future' (field as_of: the cut-off is after today). Set-based: one query for
    the children, one bulk insert."""
    if not permissions.can_manage_insurance(actor, area.code):
        raise InsuranceError(_("您不能生成该区划的参保名单"), code="cannot_manage_insurance", field="area")
    if not scheme.categories:
        raise InsuranceError(_("该保险项目未设置参保类别"), code="scheme_without_categories")
    if as_of > timezone.localdate():
        raise InsuranceError(_("名单截止日不能晚于今天"), code="cut_off_in_future", field="as_of")
    spells = _covered_spells(scheme, as_of)
    enrolled = InsuranceEnrolment.objects.filter(scheme=scheme, year=year).values("child_id")
    children = (
        Child.objects.in_area(area.code)
        .aged(as_of, max_age=17)
        .filter(pk__in=spells.values("child_id"))
        .exclude(pk__in=enrolled)
        # an insurer's roster needs a real identity: a child of unknown identity is enrolled
        # by the first roster after the ID number is completed (issue 10)
        .exclude(identity_unknown=True)
    )
    # One row per covered spell of those children, earliest first: the child's first one
    # names the category enrolled. (A correlated subquery per child walks the spells' date
    # index once per child on SQLite: the query took 3.6 s for 5,000 children, this one 0.04 s.)
    first: dict[int, tuple[str, str]] = {}
    for child_id, area_id, category in (
        spells.filter(child__in=children)
        .order_by("child_id", "start_date", "pk")
        .values_list("child_id", "child__area_id", "category")
        .iterator(chunk_size=5000)
    ):
        first.setdefault(child_id, (area_id, category))
    now = timezone.now()
    cover_from = cover_start(as_of, year)
    enrolled_by = actor if getattr(actor, "is_authenticated", False) else None
    rows = [
        InsuranceEnrolment(
            scheme=scheme,
            year=year,
            child_id=pk,
            area_id=area_id,
            category=category,
            as_of=as_of,
            cover_from=cover_from,
            enrolled_at=now,
            enrolled_by=enrolled_by,
        )
        for pk, (area_id, category) in first.items()
    ]
    InsuranceEnrolment.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def _covered_spells(scheme: InsuranceScheme, on: date):
    """Confirmed spells of the scheme's categories held on `on` (both ends inclusive)."""
    return CategorySpell.objects.active_on(on).filter(
        category__in=scheme.categories, status=SpellStatus.CONFIRMED
    )


def remove_enrolment(enrolment: InsuranceEnrolment, *, actor, reason: str, expected_version=None):
    """Take an enrolled child off the roster with a reason (who, when and why kept on a
    workflow event and on the row). The row stays, so a regenerated roster does not enrol
    the child again. Returns the enrolment refreshed.
    Raises InsuranceError 'removal_reason_missing' (field reason), 'cannot_manage_insurance',
    'illegal_transition' (already removed); EnrolmentConflict 'stale_version' when someone
    else moved it first; access.scope.OutOfScope outside the actor's area."""
    reason = (reason or "").strip()
    if not reason:
        raise InsuranceError(_("移出名单须说明原因"), code="removal_reason_missing", field="reason")
    return _move(
        enrolment, EnrolmentStatus.REMOVED, actor=actor, reason=reason, expected_version=expected_version
    )


def reenrol(enrolment: InsuranceEnrolment, *, actor, note: str, expected_version=None):
    """Put a removed child back on the roster with a note; 起保日期 becomes the later of
    today and 1 January of the year. Raises InsuranceError 'reenrolment_note_missing'
    (field note), and as remove_enrolment."""
    note = (note or "").strip()
    if not note:
        raise InsuranceError(_("重新列入名单须填写说明"), code="reenrolment_note_missing", field="note")
    return _move(
        enrolment,
        EnrolmentStatus.ENROLLED,
        actor=actor,
        reason=note,
        expected_version=expected_version,
        cover_from=cover_start(timezone.localdate(), enrolment.year),
    )


def _move(enrolment, to, *, actor, reason, expected_version, **fields):
    if not permissions.can_manage_insurance(actor, enrolment.child.area_id):
        raise InsuranceError(_("您不能调整该儿童的参保名单"), code="cannot_manage_insurance")
    return transition(
        enrolment,
        to,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        error=InsuranceError,
        conflict=EnrolmentConflict,
        changed_at=timezone.now(),
        changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        change_reason=reason[:500],
        **fields,
    )


@dataclass(frozen=True)
class EnrolmentChange:
    """One line of an enrolment's history: at (aware datetime; a date for rows enrolled
    before the time was kept), kind ("enrolled", "removed", "reenrolled"), what (its label:
    列入名单/移出名单/重新列入), actor (shown name, "" if unknown),
    reason (the removal reason or re-enrolment note), enrolment (with child and scheme)."""

    at: Any
    kind: str
    what: str
    actor: str
    reason: str
    enrolment: InsuranceEnrolment

    @property
    def has_time(self) -> bool:
        return isinstance(self.at, datetime)


def enrolment_events(enrolments, *, newest_first: bool = True, with_enrolment: bool = False, limit: int = 20):
    """The removals and re-enrolments of `enrolments` (a queryset), from the workflow's
    events, as EnrolmentChange, newest first unless asked otherwise, at most `limit`; with
    `with_enrolment` the enrolment itself (列入, by whom and when) is included. Three
    queries whatever the number of enrolments."""
    from django.contrib.contenttypes.models import ContentType

    from childwelfare.workflow.models import TransitionEvent

    events = list(
        TransitionEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(InsuranceEnrolment),
            object_id__in=enrolments.values("pk"),
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    wanted = {event.object_id for event in events}
    rows = enrolments.filter(pk__in=wanted) if not with_enrolment else enrolments
    by_pk = {e.pk: e for e in rows.select_related("child", "scheme", "enrolled_by")}
    changes = [
        EnrolmentChange(
            at=event.at,
            kind="removed" if event.to_status == EnrolmentStatus.REMOVED else "reenrolled",
            what=str(_("移出名单") if event.to_status == EnrolmentStatus.REMOVED else _("重新列入")),
            actor=str(event.actor or ""),
            reason=event.reason,
            enrolment=by_pk[event.object_id],
        )
        for event in events
        if event.object_id in by_pk
    ]
    if with_enrolment:
        changes += [
            EnrolmentChange(
                at=e.enrolled_at or e.as_of,
                kind="enrolled",
                what=str(_("列入名单")),
                actor=str(e.enrolled_by or ""),
                reason=str(_("名单截止日 %(date)s")) % {"date": e.as_of.isoformat()},
                enrolment=e,
            )
            for e in by_pk.values()
        ]
    changes.sort(key=lambda change: _sort_key(change.at), reverse=newest_first)
    return changes


def _sort_key(at) -> datetime:
    if isinstance(at, datetime):
        return at
    return timezone.make_aware(datetime.combine(at, time.min))


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
    enrolments = InsuranceEnrolment.objects.visible_to(actor).enrolled().filter(scheme=scheme, year=year)
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
