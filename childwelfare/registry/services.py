"""Every write to the child file goes through these functions (CONVENTIONS.md): they are
atomic, record who acted (django-simple-history keeps the before/after) and are shared
by pages, imports and commands."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.accounts.permissions import (
    can_edit_children,
    can_grant_allowance_category,
    can_view_full_id,
)
from childwelfare.accounts.policy import within
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.dates import check_event_date
from childwelfare.lib.errors import ConflictError, DomainError
from childwelfare.lib.idnumber import IDNumberError, keyed_hash, parse
from childwelfare.lib.names import PersonNameError, check_name, normalise_name
from childwelfare.lib.phones import PhoneError, parse_phone
from childwelfare.lib.pinyin import name_keys
from childwelfare.lib.versions import claim_version

from .choices import (
    ALLOWANCE_CATEGORIES,
    CERTIFICATE_TYPE_DIGITS,
    DISABILITY_GRADES,
    Category,
    DisabilityType,
    FileStatus,
    Gender,
    ParentSituation,
    SpellStatus,
    initial_spell_status,
)
from .models import CategorySpell, Child, FamilyMember, ParentCondition, RosterImport
from .moves import child_moved


class RegistryError(DomainError):
    """A write refused by the rules of the child file (lib.errors.DomainError: `code`,
    `field` — the offending field, or None — and a translatable message)."""


class RegistryConflict(RegistryError, ConflictError):
    """Someone else saved the record since the page was opened; nothing was written."""

    default_code = "stale_version"


def _id_number_refused(exc: IDNumberError) -> RegistryError:
    """An invalid ID number as a refusal of the child file's `id_number` field (same code)."""
    return RegistryError(exc.message, code=exc.code, field="id_number", params=exc.params)


def check_identity(id_number: str, *, birth_date: date | None = None, gender: str | None = None):
    """Validate a child's ID number and that the entered birth date and gender agree with it.

    Returns lib.idnumber.IDNumber. Raises RegistryError (field 'id_number' with the code of
    lib.idnumber's check, 'birth_date' with birth_date_mismatch, 'gender' with gender_mismatch). Rule: GB 11643-1999 (birth date in digits 7–14, gender from digit 17's parity).
    """
    try:
        parsed = parse(id_number)
    except IDNumberError as exc:
        raise _id_number_refused(exc) from exc
    if birth_date is not None and birth_date != parsed.birth_date:
        raise RegistryError(
            _("出生日期%(entered)s与身份证号中的%(encoded)s不一致"),
            code="birth_date_mismatch",
            field="birth_date",
            params={"entered": birth_date.isoformat(), "encoded": parsed.birth_date.isoformat()},
        )
    if gender and gender != parsed.gender:
        shown = {"M": _("男"), "F": _("女")}
        raise RegistryError(
            _("性别“%(entered)s”与身份证号（第17位）表示的“%(encoded)s”不一致"),
            code="gender_mismatch",
            field="gender",
            params={"entered": shown.get(gender, gender), "encoded": shown[parsed.gender]},
        )
    return parsed


def name_refusal(name: str) -> RegistryError | None:
    """Why `name` cannot be a person's name, or None: lib.names.check_name's rule (Chinese
    characters, · and Latin letters; codes name_empty, name_too_long, bad_name_character,
    bad_name_dot) as a RegistryError on field 'name'. A name that could run as a formula
    (= + - @) or holds a control character is refused by the same rule."""
    try:
        check_name(name)
    except PersonNameError as exc:
        return RegistryError(exc.message, code=exc.code, field="name", params=exc.params)
    return None


def _checked_phone(fields: dict) -> None:
    """fields["phone"], when given, in its stored form (lib.phones.parse_phone: one rule for
    forms, imports and search). Raises RegistryError (field 'phone', code bad_phone)."""
    if "phone" not in fields:
        return
    try:
        fields["phone"] = parse_phone(fields["phone"])
    except PhoneError as exc:
        raise RegistryError(exc.message, code=exc.code, field="phone", params=exc.params) from exc


def derived_child_fields(name: str, id_number: str | None) -> dict:
    """Search keys kept beside the encrypted number: keyed hash (None without a number) and
    pinyin. The keyed hashes of the last four digits and of the phone number are filled on
    save (KeyedHashField)."""
    id_hash = keyed_hash(id_number, settings.ID_HASH_KEY) if id_number else None
    return {"id_hash": id_hash, **name_key_fields(name)}


# The Child fields derived from the name (lib.pinyin.name_keys).
NAME_KEY_FIELDS = ("name_pinyin", "name_initials", "name_given_pinyin", "name_sort")


def name_key_fields(name: str) -> dict[str, str]:
    """{field: value} of NAME_KEY_FIELDS for a child's name (lib.pinyin.name_keys)."""
    keys = name_keys(name)
    return {
        "name_pinyin": keys.full,
        "name_initials": keys.initials,
        "name_given_pinyin": keys.given,
        "name_sort": keys.sort,
    }


def _require_live_file(child: Child) -> None:
    """A file merged into another is kept as it was: nothing is added to it or changed
    (QA of issue 9: a category could still be added to it). Raises RegistryError file_merged."""
    if child.status == FileStatus.MERGED:
        raise RegistryError(_("该档案已合并至其他档案，不能再修改"), code="file_merged")


def _require_editor(actor, area_code: str) -> None:
    if not can_edit_children(actor):
        raise RegistryError(_("您没有修改儿童档案的权限"), code="cannot_edit_children")
    if not within(actor, area_code):
        raise RegistryError(_("所属社区不在您的管辖范围内"), code="area_out_of_scope", field="area")


def _refuse_if_registered_elsewhere(
    id_number, *, actor, area_code: str, source: str, exclude_pk=None
) -> None:
    """registry.conflicts.refuse_if_registered_elsewhere for a number as typed (an invalid
    one is left to check_identity). Runs before the write's transaction, so that the conflict
    and its log entry outlive the refusal."""
    from .conflicts import refuse_if_registered_elsewhere

    try:
        number = parse(id_number).number
    except IDNumberError:
        return
    refuse_if_registered_elsewhere(
        number, actor=actor, area_code=area_code, source=source, exclude_pk=exclude_pk
    )


def create_child(*, actor, reason: str = "", source: str = "new_child", **fields) -> Child:
    """Register a child. `fields` are Child model fields (id_number as typed); `source` is a
    RegistrationConflict.Source, recorded if the number is held outside the actor's area.

    Raises RegistryError if the number is invalid, disagrees with birth date or gender, or
    is already registered (one child per ID number, also enforced by a unique constraint):
    RegistryError registered_elsewhere (registry.conflicts), saying nothing about that child, when the actor may not
    see the child holding it (issue 13 §4). Call it outside a transaction, or the record of
    such a conflict is rolled back with the refusal.
    """
    if refusal := name_refusal(fields.get("name", "")):
        raise refusal
    fields["name"] = normalise_name(fields["name"])
    _checked_phone(fields)
    if not (fields.get("id_number") or "").strip():
        return _create_child_without_id(actor=actor, reason=reason, fields=fields)
    parsed = check_identity(
        fields["id_number"], birth_date=fields.get("birth_date"), gender=fields.get("gender")
    )
    fields["id_number"] = parsed.number
    fields.setdefault("birth_date", parsed.birth_date)
    fields.setdefault("gender", parsed.gender)
    area = fields.get("area")
    area_code = area.code if area else fields.get("area_id", "")
    _require_editor(actor, area_code)
    _refuse_if_registered_elsewhere(parsed.number, actor=actor, area_code=area_code, source=source)
    derived = derived_child_fields(fields["name"], parsed.number)
    with transaction.atomic():
        if Child.objects.filter(id_hash=derived["id_hash"]).exists():
            raise RegistryError(
                _("身份证号%(region)s…%(last4)s已登记，不能重复建档"),
                code="id_number_registered",
                field="id_number",
                params={"region": parsed.number[:6], "last4": parsed.last4},
            )
        child = Child(**fields, **derived)
        child._history_user = actor
        child._change_reason = reason or None
        child.save()
    return child


def _create_child_without_id(*, actor, reason: str, fields: dict) -> Child:
    """create_child for a child without an ID number (无户籍: not registered, issue 9): the
    birth date and sex are entered by hand (required; the birth date not in the future).
    The number is added later by update_child with the usual checks."""
    if fields.get("gender") not in Gender.values:
        raise RegistryError(_("无身份证号时请选择性别"), code="gender_required", field="gender")
    if not fields.get("birth_date"):
        raise RegistryError(_("无身份证号时请填写出生日期"), code="birth_date_required", field="birth_date")
    check_event_date(fields["birth_date"], label=_("出生日期"), field="birth_date", error=RegistryError)
    fields["id_number"] = None
    area = fields.get("area")
    _require_editor(actor, area.code if area else fields.get("area_id", ""))
    with transaction.atomic():
        child = Child(**fields, **derived_child_fields(fields["name"], None))
        child._history_user = actor
        child._change_reason = reason or None
        child.save()
    return child


def update_child(
    child: Child, *, actor, reason: str = "", expected_version: int | None = None, **changes
) -> Child:
    """Change fields of a child; the history keeps who changed what. Same checks as
    create_child (a new ID number held outside the actor's area: registered_elsewhere,
    recorded as a conflict of source "profile"). Returns the child, its version raised by one.

    expected_version: the version the editing page showed; if the child has moved on since,
    RegistryConflict (code "stale_version") and nothing is written (issue 8, item 4). None
    for writes that come from no page.

    A change of area (a move) also runs the move handlers other modules registered
    (`registry.moves`) in the same transaction, so their records move with the child."""
    _require_editor(actor, child.area_id)
    _require_live_file(child)
    if changes.get("id_number"):
        area = changes.get("area")
        _refuse_if_registered_elsewhere(
            changes["id_number"],
            actor=actor,
            area_code=area.code if area else changes.get("area_id", child.area_id),
            source="profile",
            exclude_pk=child.pk,
        )
    with transaction.atomic():
        claim_version(child, expected_version, conflict=RegistryConflict)
        old_area_id = child.area_id
        if "name" in changes and (refusal := name_refusal(changes["name"])):
            raise refusal
        if "name" in changes:
            changes["name"] = normalise_name(changes["name"])
        _checked_phone(changes)
        for key, value in changes.items():
            setattr(child, key, value)
        if child.id_number:
            # A number added to a child registered without one is checked against the birth
            # date and sex entered by hand (issue 9), like any corrected number.
            parsed = check_identity(child.id_number, birth_date=child.birth_date, gender=child.gender)
            child.id_number = parsed.number
        else:
            child.id_number = None
        derived = derived_child_fields(child.name, child.id_number)
        if (
            derived["id_hash"]
            and Child.objects.filter(id_hash=derived["id_hash"]).exclude(pk=child.pk).exists()
        ):
            raise RegistryError(_("该身份证号已属于另一名儿童"), code="id_number_taken", field="id_number")
        _require_editor(actor, child.area_id)
        for key, value in derived.items():
            setattr(child, key, value)
        child._history_user = actor
        child._change_reason = reason or None
        child.save()
        if child.area_id != old_area_id:
            child_moved(child, old_area_id=old_area_id, new_area_id=child.area_id, actor=actor)
    return child


@transaction.atomic
def add_family_member(*, child: Child, actor, **fields) -> FamilyMember:
    """Add a family member or guardian. A 15-digit ID number (old adult card) is upgraded.
    Raises RegistryError on an invalid ID number."""
    _require_editor(actor, child.area_id)
    _require_live_file(child)
    if refusal := name_refusal(fields.get("name", "")):
        raise refusal
    fields["name"] = normalise_name(fields["name"])
    _checked_phone(fields)
    number = fields.get("id_number") or ""
    fields["id_number"] = None
    if number:
        try:
            fields["id_number"] = parse(number, allow_15=True).number
        except IDNumberError as exc:
            raise _id_number_refused(exc) from exc
        fields["id_hash"] = keyed_hash(fields["id_number"], settings.ID_HASH_KEY)
    member = FamilyMember(child=child, **fields)
    member._history_user = actor
    member.save()
    return member


_CERTIFICATE = re.compile(r"^\d{17}[\dX][1-7][1-4]$")


def disability_refusal(situation: str, disability_type: str, grade: int | None, certificate: str):
    """Why a parent's disability record is incomplete or inconsistent, or None (RegistryError;
    codes disability_type_missing, disability_grade_missing, certificate_mismatch). A
    severely disabled parent (重残) needs the certificate's type and grade (民发〔2019〕62号:
    grade 1–2 of any type, 3–4 mental or intellectual). A second-generation certificate
    number (20 characters: ID number, type digit, grade digit) must agree with them."""
    if situation != ParentSituation.SEVERELY_DISABLED:
        return None
    if not disability_type:
        return RegistryError(
            _("重残须登记残疾人证上的残疾类别"), code="disability_type_missing", field="disability_type"
        )
    if grade is None:
        return RegistryError(
            _("重残须登记残疾人证上的残疾等级"), code="disability_grade_missing", field="disability_grade"
        )
    number = certificate.strip().upper()
    if _CERTIFICATE.match(number) and (
        CERTIFICATE_TYPE_DIGITS[number[18]] != disability_type or int(number[19]) != grade
    ):
        return RegistryError(
            _("残疾人证号第19、20位表示%(type)s%(grade)s，与所填类别、等级不一致"),
            code="certificate_mismatch",
            field="certificate_number",
            params={
                "type": DisabilityType(CERTIFICATE_TYPE_DIGITS[number[18]]).label,
                "grade": dict(DISABILITY_GRADES)[int(number[19])],
            },
        )
    return None


@transaction.atomic
def add_parent_condition(*, member: FamilyMember, actor, **fields) -> ParentCondition:
    """Record a parent's situation (DOMAIN.md §4) with start date and evidence; a severely
    disabled parent with the certificate's type, grade and number (disability_refusal).
    The disability fields are dropped for any other situation. Raises RegistryError."""
    _require_editor(actor, member.child.area_id)
    _require_live_file(member.child)
    # A parent's situation may predate the child (a disability, a term begun before the
    # birth), so only the future and slips of the year are refused (issue 8 item 16).
    check_event_date(fields.get("start_date"), label=_("开始日期"), field="start_date", error=RegistryError)
    end = fields.get("end_date")
    if end and end < fields["start_date"]:
        raise RegistryError(_("结束日期早于开始日期"), code="end_before_start", field="end_date")
    if fields.get("situation") != ParentSituation.SEVERELY_DISABLED:
        fields.update(disability_type="", disability_grade=None, certificate_number="")
    fields["certificate_number"] = (fields.get("certificate_number") or "").strip().upper()
    if refusal := disability_refusal(
        fields["situation"],
        fields.get("disability_type", ""),
        fields.get("disability_grade"),
        fields["certificate_number"],
    ):
        raise refusal
    condition = ParentCondition(member=member, **fields)
    condition._history_user = actor
    condition.save()
    if condition.situation == ParentSituation.DECEASED:
        end_guardianship_on_death(member, actor=actor)
    return condition


def end_guardianship_on_death(member: FamilyMember, *, actor) -> bool:
    """A family member registered dead is no longer the child's guardian nor lives with the
    child: both flags are cleared (history keeps who and why). Returns True when the child
    is left without any living guardian, which the child's file and list then flag
    (ChildQuerySet.without_guardian; issue 8 item 16: a dead father was still shown as
    监护人 · 共同居住). Call inside the transaction of the death's registration."""
    if member.is_guardian or member.lives_with_child:
        member.is_guardian = False
        member.lives_with_child = False
        member._history_user = actor
        member._change_reason = str(_("死亡，监护人身份终止"))
        member.save(update_fields=["is_guardian", "lives_with_child"])
    return Child.objects.filter(pk=member.child_id).without_guardian().exists()


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
    A spell of a paid category starts pending: it is paid only once a second person of the
    district confirms it (benefits.spells.confirm_spells; issue 8, item 7).
    """
    _require_editor(actor, child.area_id)
    _require_live_file(child)
    check_category(child, category, start_date, end_date, actor=actor)
    spell = CategorySpell(
        child=child,
        category=category,
        start_date=start_date,
        end_date=end_date,
        created_by=actor,
        status=initial_spell_status(category),
    )
    spell._history_user = actor
    spell.save()
    return spell


def category_refusal(
    child_birth: date, category: str, start_date: date, end_date: date | None, *, actor, other_spells=()
) -> RegistryError | None:
    """Why `category` from start_date to end_date cannot be given, or None.
    `other_spells` are (category, start, end) of the child's existing spells.
    Codes (field): category_before_birth (start_date), category_end_before_start (end_date),
    category_overlap, one_allowance_at_a_time, allowance_needs_application (category)."""
    if start_date < child_birth:
        return RegistryError(
            _("认定日期%(start)s早于出生日期%(birth)s"),
            code="category_before_birth",
            field="start_date",
            params={"start": start_date.isoformat(), "birth": child_birth.isoformat()},
        )
    if end_date and end_date < start_date:
        return RegistryError(_("终止日期早于认定日期"), code="category_end_before_start", field="end_date")
    last = end_date or date.max
    for other, other_start, other_end in other_spells:
        if other_start > last or (other_end is not None and other_end < start_date):
            continue
        if other == category:
            return RegistryError(_("该儿童在此期间已有同一类别"), code="category_overlap", field="category")
        if category in ALLOWANCE_CATEGORIES and other in ALLOWANCE_CATEGORIES:
            return RegistryError(
                _("该儿童在此期间已是“%(other)s”：同一时期只能享受一项基本生活保障"),
                code="one_allowance_at_a_time",
                field="category",
                params={"other": Category(other).label},
            )
    if category in ALLOWANCE_CATEGORIES and not can_grant_allowance_category(actor):
        return RegistryError(
            _("“%(category)s”涉及基本生活保障金发放，须经认定申请、由区县民政部门确认后纳入"),
            code="allowance_needs_application",
            field="category",
            params={"category": Category(category).label},
        )
    return None


def check_category(child: Child, category: str, start_date: date, end_date: date | None, *, actor) -> None:
    """Raises the RegistryError of category_refusal, if any, for one of the child's spells."""
    spells = (
        CategorySpell.objects.filter(child=child)
        .exclude(status=SpellStatus.REFUSED)
        .values_list("category", "start_date", "end_date")
    )
    refusal = category_refusal(
        child.birth_date, category, start_date, end_date, actor=actor, other_spells=spells
    )
    if refusal:
        raise refusal


@transaction.atomic
def end_category(
    spell: CategorySpell, *, actor, end_date: date, reason: str, expected_version: int | None = None
) -> CategorySpell:
    """End a category spell on end_date (inclusive) with a reason. expected_version: as
    update_child's (RegistryConflict when the spell moved on since the page showed it)."""
    _require_editor(actor, spell.child.area_id)
    _require_live_file(spell.child)
    claim_version(spell, expected_version, conflict=RegistryConflict)
    if end_date < spell.start_date:
        raise RegistryError(_("终止日期早于认定日期"), code="category_end_before_start", field="end_date")
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
def start_import(
    *, kind: str, actor, area, upload, dry_run: bool = False, params: dict | None = None
) -> RosterImport:
    """Record an uploaded file as an import job of a registered `kind` (registry.jobs) and
    queue it (tasks.run_import) once the upload is committed. `area` is where the job is
    visible (its Scope); `params` (JSON) what the kind's runner needs. Returns the job whose
    page shows the progress. Scope and permission are checked by the runner when the job
    runs (a DomainError → a rejected job)."""
    job = RosterImport.objects.create(
        kind=kind,
        params=params or {},
        created_by=actor,
        area=area,
        filename=upload.name[:255],
        file=upload,
        dry_run=dry_run,
    )
    from .tasks import run_import  # tasks import the import engine, which imports this module

    transaction.on_commit(lambda: run_import.enqueue(job.pk))
    return job


def start_roster_import(
    *, actor, area, upload, dry_run: bool = False, as_of: date | None = None
) -> RosterImport:
    """start_import of a roster into `area`; `as_of` (a past date, the city administrator
    only — checked when the job runs, importing.import_roster) is kept in the job's params."""
    params = {"as_of": as_of.isoformat()} if as_of else {}
    return start_import(kind="roster", actor=actor, area=area, upload=upload, dry_run=dry_run, params=params)
