"""Merging two files of one child (possible duplicates: same name and birth date under two
files, registry.filters.duplicate_pairs; issue 9).

A district officer (or the city) chooses, field by field, which file's value survives
(`MERGE_FIELDS`). In one transaction: the other file ("merged") moves to the status 已合并
through the child's state machine, pointing to the survivor (`merged_into`; it is kept, never
deleted); every record of any module that points to it — found through the model relations,
so a module added later is included — is moved to the survivor, history rows included;
the survivor gets the chosen values (history record) and a step event 合并重复档案; a
MergeRecord keeps which rows moved and which survivor values changed, so the city
administrator can undo the merge (registry.unmerging). Both files' timelines and event rows
show the merge; a search by the merged file's ID number
finds the survivor (ChildQuerySet.search).

Records that cannot both belong to one child (a unique constraint: one screening record per
campaign, one insurance enrolment per scheme and year, one payment account, one pending
transfer, one payroll line per month and kind; and the rule of one spell of a category at a
time) are found before anything is written (`merge_conflicts`) and refuse the merge with the
list, so the officer resolves them first — except where a module has declared how two of
its records fold into one (`register_merge_fold`): a child found again in a campaign under a
second file has two screening records of that campaign, which fold into the one further
along (discovery.merge).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.accounts import policy
from childwelfare.accounts.choices import Role
from childwelfare.workflow.services import record_step, transition

from .choices import ALLOWANCE_CATEGORIES, FileStatus, SpellStatus
from .models import CategorySpell, Child, MergeRecord
from .moves import child_moved
from .services import RegistryConflict, RegistryError, check_identity, derived_child_fields, name_refusal

# The fields an officer chooses between, in the order of the merge page.
MERGE_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "ethnicity",
    "area",
    "hukou_area",
    "hukou_address",
    "address",
    "phone",
    "school_status",
    "school_name",
    "grade",
    "disability_type",
    "disability_grade",
    "health_notes",
    "notes",
)
SURVIVOR, MERGED = "survivor", "merged"

# model → fold(survivor, merged, actor): makes the two files' records of that model fit one
# child before the rest moves (deleting the one record of a pair that does not survive).
_FOLDS: dict[type[models.Model], object] = {}


def register_merge_fold(model: type[models.Model], fold) -> None:
    """Declare how `model`'s records that clash under one child are folded (called from an
    app's ready()); merge_conflicts then leaves that model's unique clashes to it."""
    _FOLDS[model] = fold


class MergeRefused(RegistryError):
    """The merge cannot be done; `conflicts` lists the records that stand in the way."""

    default_code = "merge_refused"

    def __init__(self, message, *, conflicts=(), **kwargs):
        super().__init__(message, **kwargs)
        self.conflicts = list(conflicts)


@dataclass(frozen=True)
class MergeConflict:
    """Records of both files that cannot belong to one child: what (the model's verbose
    name) and which (the clashing values, as shown)."""

    what: str
    detail: str


def can_merge(user, area_code: str) -> bool:
    """Merge duplicate files of `area_code`: the district's officers and the city."""
    return policy.acts_within(user, area_code, Role.DISTRICT_OFFICER, Role.CITY_ADMIN)


def child_relations() -> list[tuple[type[models.Model], str, bool]]:
    """(model, foreign-key field name, one-to-one) for every relation of any installed
    model to Child, history models included, except a file's own `merged_into`."""
    found = []
    for relation in Child._meta.get_fields(include_hidden=True):
        if not (
            relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)
        ):
            continue
        if relation.field.name == "merged_into" or relation.related_model is MergeRecord:
            continue
        found.append((relation.related_model, relation.field.name, relation.one_to_one))
    return found


def relation_key(model, fk: str) -> str:
    """How a merge record names a relation: "app_label.model_name.fk_field"."""
    return f"{model._meta.label_lower}.{fk}"


def _fingerprint(child: Child, name: str):
    """A survivor field's value as a merge record keeps it to tell later whether it changed:
    the stored value (dates as ISO text, foreign keys as their key), secrets (ID number,
    phone) only as a keyed hash."""
    from django.utils.crypto import salted_hmac

    field = Child._meta.get_field(name)
    value = getattr(child, field.attname)
    if name in SECRET_FIELDS:
        return salted_hmac("registry.merge_record", str(value or "")).hexdigest()
    return value.isoformat() if hasattr(value, "isoformat") else value


SECRET_FIELDS = ("id_number", "phone")


def _is_history(model) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "history_id")


def merge_conflicts(survivor: Child, merged: Child) -> list[MergeConflict]:
    """Records of the two files that could not both be the survivor's (see the module
    docstring). Reads only; a few queries per related model."""
    conflicts: list[MergeConflict] = []
    for model, fk, one_to_one in child_relations():
        if _is_history(model) or model in _FOLDS:
            continue
        rows = model._base_manager
        if one_to_one:
            if rows.filter(**{fk: survivor}).exists() and rows.filter(**{fk: merged}).exists():
                conflicts.append(MergeConflict(str(model._meta.verbose_name), str(_("两份档案各有一条"))))
            continue
        for constraint in model._meta.constraints:
            fields = list(getattr(constraint, "fields", ()) or ())
            if not isinstance(constraint, models.UniqueConstraint) or fk not in fields:
                continue
            others = [name for name in fields if name != fk]
            condition = constraint.condition or Q()
            theirs = set(rows.filter(condition, **{fk: merged}).values_list(*others)) if others else set()
            if not others:
                if (
                    rows.filter(condition, **{fk: merged}).exists()
                    and rows.filter(condition, **{fk: survivor}).exists()
                ):
                    conflicts.append(MergeConflict(str(model._meta.verbose_name), str(_("两份档案各有一条"))))
                continue
            both = theirs & set(rows.filter(condition, **{fk: survivor}).values_list(*others))
            for values in sorted(both, key=str):
                shown = "、".join(
                    f"{model._meta.get_field(n).verbose_name}：{v}"
                    for n, v in zip(others, values, strict=True)
                )
                conflicts.append(MergeConflict(str(model._meta.verbose_name), shown))
    conflicts.extend(_spell_conflicts(survivor, merged))
    return conflicts


def _spell_conflicts(survivor: Child, merged: Child) -> list[MergeConflict]:
    """Spells of the same category, or of two allowance categories, whose periods overlap
    (one category at a time, one allowance at a time: registry.services.category_refusal)."""
    spells = CategorySpell.objects.filter(child__in=[survivor, merged]).exclude(status=SpellStatus.REFUSED)
    mine = [s for s in spells if s.child_id == survivor.pk]
    theirs = [s for s in spells if s.child_id == merged.pk]
    found = []
    for a in theirs:
        for b in mine:
            overlap = a.start_date <= (b.end_date or a.start_date.max) and b.start_date <= (
                a.end_date or b.start_date.max
            )
            both_paid = a.category in ALLOWANCE_CATEGORIES and b.category in ALLOWANCE_CATEGORIES
            if overlap and (a.category == b.category or both_paid):
                found.append(
                    MergeConflict(
                        str(CategorySpell._meta.verbose_name),
                        f"{a.get_category_display()} {a.start_date}–{a.end_date or ''} / "
                        f"{b.get_category_display()} {b.start_date}–{b.end_date or ''}",
                    )
                )
    return found


def default_choices(survivor: Child, merged: Child) -> dict[str, str]:
    """The survivor's value for every field, the merged file's where the survivor has none."""
    choices = {}
    for name in MERGE_FIELDS:
        mine = getattr(survivor, name)
        choices[name] = MERGED if mine in (None, "") and getattr(merged, name) not in (None, "") else SURVIVOR
    return choices


def merge_children(
    survivor: Child,
    merged: Child,
    *,
    actor,
    choices: dict[str, str] | None = None,
    survivor_version: int | None = None,
    merged_version: int | None = None,
) -> Child:
    """Merge `merged` into `survivor` (see the module docstring). `choices` maps each of
    MERGE_FIELDS to "survivor" or "merged" (default: default_choices). Returns the survivor.

    Raises OutOfScope (either file outside the actor's area), RegistryError: cannot_merge
    (not the district's officer or the city, for either file), merge_same_file,
    illegal_transition (a file already merged), the identity errors of check_identity when
    the chosen ID number disagrees with the chosen birth date or sex, a name refusal;
    MergeRefused (code merge_conflicts, with `conflicts`) when records clash;
    RegistryConflict (stale_version) when either file changed since the page showed it.
    Nothing is written when it raises."""
    if survivor.pk == merged.pk:
        raise RegistryError(_("不能与自身合并"), code="merge_same_file")
    ensure_visible(survivor, actor)
    ensure_visible(merged, actor)
    if not (can_merge(actor, survivor.area_id) and can_merge(actor, merged.area_id)):
        raise RegistryError(_("只有区民政干部可以合并本区的重复档案"), code="cannot_merge")
    if survivor.status == FileStatus.MERGED:
        raise RegistryError(_("该档案已被合并，不能作为保留档案"), code="survivor_merged")
    chosen = {**default_choices(survivor, merged), **(choices or {})}
    values = {name: getattr(merged if chosen[name] == MERGED else survivor, name) for name in MERGE_FIELDS}
    if refusal := name_refusal(values["name"]):
        raise refusal
    if values["id_number"]:
        parsed = check_identity(values["id_number"], birth_date=values["birth_date"], gender=values["gender"])
        values["id_number"] = parsed.number
    conflicts = merge_conflicts(survivor, merged)
    if conflicts:
        raise MergeRefused(
            _("两份档案中有%(n)s处记录不能合并到同一名儿童名下，请先处理"),
            code="merge_conflicts",
            params={"n": len(conflicts)},
            conflicts=conflicts,
        )
    takes_number = chosen["id_number"] == MERGED and bool(merged.id_number)
    merged_status = merged.status
    with transaction.atomic():
        names = {"survivor": survivor.name, "id": survivor.pk, "other": merged.name, "other_id": merged.pk}
        merged_fields = {"merged_into": survivor}
        if takes_number:
            merged_fields["id_hash"] = None  # the number now belongs to the survivor
        transition(
            merged,
            FileStatus.MERGED,
            actor=actor,
            expected_version=merged_version,
            reason=str(_("合并至 %(survivor)s（#%(id)s）") % names),
            error=RegistryError,
            conflict=RegistryConflict,
            **merged_fields,
        )
        record_step(
            survivor,
            "absorb",
            actor=actor,
            expected_version=survivor_version,
            reason=str(_("并入 %(other)s（#%(other_id)s）") % names),
            error=RegistryError,
            conflict=RegistryConflict,
        )
        survivor.refresh_from_db()
        before_history = survivor.history.order_by("-history_id").values_list("history_id", flat=True).first()
        before = {name: _fingerprint(survivor, name) for name in MERGE_FIELDS}
        folded = []
        for model, fold in _FOLDS.items():
            if fold(survivor, merged, actor):
                folded.append(model._meta.label_lower)
        moved, marks = {}, {}
        for model, fk, _one in child_relations():
            rows = model._base_manager.filter(**{fk: merged.pk})
            key = relation_key(model, fk)
            ids = list(rows.values_list("pk", flat=True))
            marks[key] = model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0
            if ids:
                moved[key] = ids
                model._base_manager.filter(pk__in=ids).update(**{fk: survivor.pk})
        survivor.refresh_from_db()
        old_area_id = survivor.area_id
        for name, value in values.items():
            setattr(survivor, name, value)
        for name, value in derived_child_fields(survivor.name, survivor.id_number).items():
            setattr(survivor, name, value)
        survivor.version += 1
        survivor._history_user = actor
        survivor._change_reason = str(_("合并档案：并入 %(other)s（#%(other_id)s）") % names)[:100]
        survivor.save()
        if survivor.area_id != old_area_id:
            child_moved(survivor, old_area_id=old_area_id, new_area_id=survivor.area_id, actor=actor)
        if merged.area_id not in (old_area_id, survivor.area_id):
            # The merged file's records now belong to the survivor: what kept an area of its
            # own (a case's deadlines, an open screening record) moves from the merged
            # file's area to the survivor's, as when a child moves (registry.moves).
            child_moved(survivor, old_area_id=merged.area_id, new_area_id=survivor.area_id, actor=actor)
        after = {name: _fingerprint(survivor, name) for name in MERGE_FIELDS}
        MergeRecord.objects.create(
            survivor=survivor,
            merged=merged,
            merged_by=actor,
            moved=moved,
            marks=marks,
            replaced={
                name: [before[name], after[name]] for name in MERGE_FIELDS if before[name] != after[name]
            },
            merged_before={"status": merged_status, "took_number": takes_number},
            folded=folded,
            survivor_version=survivor.version,
            survivor_history_id=before_history,
        )
    return survivor
