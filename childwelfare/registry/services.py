"""Every write to the child file goes through these functions (CONVENTIONS.md): they are
atomic, record who acted (django-simple-history keeps the before/after) and are shared
by pages, imports and commands."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction

from childwelfare.access.policy import within
from childwelfare.access.scope import ensure_visible
from childwelfare.accounts.permissions import (
    can_edit_children,
    can_grant_allowance_category,
    can_view_full_id,
)
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.idnumber import IDNumberError, keyed_hash, parse
from childwelfare.lib.pinyin import pinyin_keys

from .choices import ALLOWANCE_CATEGORIES, Category
from .models import CategorySpell, Child, FamilyMember, ParentCondition, RosterImport


class RegistryError(ValueError):
    """A write refused by the rules of the child file. `field` names the offending field;
    the message is in Chinese."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def check_identity(id_number: str, *, birth_date: date | None = None, gender: str | None = None):
    """Validate a child's ID number and that the entered birth date and gender agree with it.

    Returns lib.idnumber.IDNumber. Raises RegistryError (field 'id_number', 'birth_date' or
    'gender'). Rule: GB 11643-1999 (birth date in digits 7–14, gender from digit 17's parity).
    """
    try:
        parsed = parse(id_number)
    except IDNumberError as exc:
        raise RegistryError(str(exc), "id_number") from exc
    if birth_date is not None and birth_date != parsed.birth_date:
        raise RegistryError(
            f"出生日期{birth_date.isoformat()}与身份证号中的{parsed.birth_date.isoformat()}不一致",
            "birth_date",
        )
    if gender and gender != parsed.gender:
        shown = {"M": "男", "F": "女"}
        raise RegistryError(
            f"性别“{shown.get(gender, gender)}”与身份证号（第17位）表示的“{shown[parsed.gender]}”不一致",
            "gender",
        )
    return parsed


# A name starting with one of these would run as a formula when a roster is opened in a
# spreadsheet program; no person's name starts so.
_FORMULA_STARTS = ("=", "+", "-", "@")


def name_problem(name: str) -> str:
    """Why `name` cannot be a person's name, in Chinese, or ""."""
    name = (name or "").strip()
    if not name:
        return "姓名为空"
    if len(name) > 50:
        return "姓名过长（最多50个字）"
    if name.startswith(_FORMULA_STARTS) or any(ord(ch) < 32 for ch in name):
        return "姓名不能以 = + - @ 开头或含控制字符"
    return ""


def derived_child_fields(name: str, id_number: str) -> dict:
    """Search keys kept beside the encrypted number: keyed hash, last four digits, pinyin."""
    full, initials = pinyin_keys(name)
    return {
        "id_hash": keyed_hash(id_number, settings.ID_HASH_KEY),
        "id_last4": id_number[-4:],
        "name_pinyin": full,
        "name_initials": initials,
    }


def _require_editor(actor, area_code: str) -> None:
    if not can_edit_children(actor):
        raise RegistryError("您没有修改儿童档案的权限")
    if not within(actor, area_code):
        raise RegistryError("所属社区不在您的管辖范围内", "area")


@transaction.atomic
def create_child(*, actor, reason: str = "", **fields) -> Child:
    """Register a child. `fields` are Child model fields (id_number as typed).

    Raises RegistryError if the number is invalid, disagrees with birth date or gender, or
    is already registered (one child per ID number, also enforced by a unique constraint).
    """
    if problem := name_problem(fields.get("name", "")):
        raise RegistryError(problem, "name")
    fields["name"] = fields["name"].strip()
    parsed = check_identity(
        fields["id_number"], birth_date=fields.get("birth_date"), gender=fields.get("gender")
    )
    fields["id_number"] = parsed.number
    fields.setdefault("birth_date", parsed.birth_date)
    fields.setdefault("gender", parsed.gender)
    area = fields.get("area")
    _require_editor(actor, area.code if area else fields.get("area_id", ""))
    derived = derived_child_fields(fields["name"], parsed.number)
    if Child.objects.filter(id_hash=derived["id_hash"]).exists():
        raise RegistryError(f"身份证号{parsed.number[:6]}…{parsed.last4}已登记，不能重复建档", "id_number")
    child = Child(**fields, **derived)
    child._history_user = actor
    child._change_reason = reason or None
    child.save()
    return child


@transaction.atomic
def update_child(child: Child, *, actor, reason: str = "", **changes) -> Child:
    """Change fields of a child; the history keeps who changed what. Same checks as
    create_child. Returns the child."""
    _require_editor(actor, child.area_id)
    if "name" in changes and (problem := name_problem(changes["name"])):
        raise RegistryError(problem, "name")
    for key, value in changes.items():
        setattr(child, key, value)
    parsed = check_identity(child.id_number, birth_date=child.birth_date, gender=child.gender)
    child.id_number = parsed.number
    derived = derived_child_fields(child.name, parsed.number)
    if Child.objects.filter(id_hash=derived["id_hash"]).exclude(pk=child.pk).exists():
        raise RegistryError("该身份证号已属于另一名儿童", "id_number")
    _require_editor(actor, child.area_id)
    for key, value in derived.items():
        setattr(child, key, value)
    child._history_user = actor
    child._change_reason = reason or None
    child.save()
    return child


@transaction.atomic
def add_family_member(*, child: Child, actor, **fields) -> FamilyMember:
    """Add a family member or guardian. A 15-digit ID number (old adult card) is upgraded.
    Raises RegistryError on an invalid ID number."""
    _require_editor(actor, child.area_id)
    if problem := name_problem(fields.get("name", "")):
        raise RegistryError(problem, "name")
    number = fields.get("id_number") or ""
    fields["id_number"] = None
    if number:
        try:
            fields["id_number"] = parse(number, allow_15=True).number
        except IDNumberError as exc:
            raise RegistryError(str(exc), "id_number") from exc
        fields["id_hash"] = keyed_hash(fields["id_number"], settings.ID_HASH_KEY)
    member = FamilyMember(child=child, **fields)
    member._history_user = actor
    member.save()
    return member


@transaction.atomic
def add_parent_condition(*, member: FamilyMember, actor, **fields) -> ParentCondition:
    """Record a parent's situation (DOMAIN.md §4) with start date and evidence."""
    _require_editor(actor, member.child.area_id)
    end = fields.get("end_date")
    if end and end < fields["start_date"]:
        raise RegistryError("结束日期早于开始日期", "end_date")
    condition = ParentCondition(member=member, **fields)
    condition._history_user = actor
    condition.save()
    return condition


@transaction.atomic
def add_category(
    *, child: Child, actor, category: str, start_date: date, end_date: date | None = None
) -> CategorySpell:
    """Give a child a category from start_date (inclusive).

    Raises RegistryError if the dates are impossible (before the child's birth, end before
    start), if an overlapping spell of the same category exists, or — for a category that
    carries an allowance (ALLOWANCE_CATEGORIES) — if the actor is not the district's civil
    affairs, or the child holds another allowance category in the period: one basic living
    allowance at a time, and orphans are never de facto unsupported (DOMAIN.md §4).
    """
    _require_editor(actor, child.area_id)
    check_category(child, category, start_date, end_date, actor=actor)
    spell = CategorySpell(
        child=child, category=category, start_date=start_date, end_date=end_date, created_by=actor
    )
    spell._history_user = actor
    spell.save()
    return spell


def category_problem(
    child_birth: date, category: str, start_date: date, end_date: date | None, *, actor, other_spells=()
) -> str:
    """Why `category` from start_date to end_date cannot be given, in Chinese, or "".
    `other_spells` are (category, start, end) of the child's existing spells."""
    if start_date < child_birth:
        return f"认定日期{start_date.isoformat()}早于出生日期{child_birth.isoformat()}"
    if end_date and end_date < start_date:
        return "终止日期早于认定日期"
    last = end_date or date.max
    for other, other_start, other_end in other_spells:
        if other_start > last or (other_end is not None and other_end < start_date):
            continue
        if other == category:
            return "该儿童在此期间已有同一类别"
        if category in ALLOWANCE_CATEGORIES and other in ALLOWANCE_CATEGORIES:
            return f"该儿童在此期间已是“{Category(other).label}”：同一时期只能享受一项基本生活保障"
    if category in ALLOWANCE_CATEGORIES and not can_grant_allowance_category(actor):
        return f"“{Category(category).label}”涉及基本生活保障金发放，须经认定申请、由区县民政部门确认后纳入"
    return ""


def check_category(child: Child, category: str, start_date: date, end_date: date | None, *, actor) -> None:
    spells = CategorySpell.objects.filter(child=child).values_list("category", "start_date", "end_date")
    problem = category_problem(
        child.birth_date, category, start_date, end_date, actor=actor, other_spells=spells
    )
    if problem:
        raise RegistryError(problem, "category" if "类别" in problem or "保障" in problem else "start_date")


@transaction.atomic
def end_category(spell: CategorySpell, *, actor, end_date: date, reason: str) -> CategorySpell:
    """End a category spell on end_date (inclusive) with a reason."""
    _require_editor(actor, spell.child.area_id)
    if end_date < spell.start_date:
        raise RegistryError("终止日期早于认定日期", "end_date")
    spell.end_date = end_date
    spell.end_reason = reason
    spell._history_user = actor
    spell.save()
    return spell


def reveal_full_id(obj: Child | FamilyMember, *, actor, request=None) -> str:
    """The unmasked ID number of a child or family member, logged with who and when.
    Raises PermissionError without the 'view full ID' permission and OutOfScope (like a
    missing record) when the child is outside the actor's area."""
    if not can_view_full_id(actor):
        raise PermissionError("您没有查看完整身份证号的权限")
    ensure_visible(obj, actor)
    log_access(user=actor, action=AccessAction.VIEW_FULL_ID, obj=obj, request=request)
    return obj.id_number


@transaction.atomic
def start_roster_import(*, actor, area, upload, dry_run: bool = False) -> RosterImport:
    """Record an uploaded roster and queue its import once the upload is committed.
    Returns the RosterImport whose page shows the progress. Scope and permission are checked
    by import_roster when the job runs (RosterImportError → a rejected job)."""
    job = RosterImport.objects.create(
        created_by=actor, area=area, filename=upload.name[:255], file=upload, dry_run=dry_run
    )
    from .tasks import run_roster_import  # tasks import the import engine, which imports this module

    transaction.on_commit(lambda: run_roster_import.enqueue(job.pk))
    return job
