"""撤销合并: undoing a merge of two files of one child (registry.merging; issue 10, the
unknown-identity child: "reversible by an administrator").

The merge's MergeRecord names every row that moved (history rows included) and the
survivor's values the merge replaced. An undo moves exactly those rows back to the merged
file, restores the survivor's values from its history row just before the merge, and
returns the merged file to the status it had — in one transaction, recorded on both files'
event rows and on the record (who, when, why).

The rule, kept simple so that an undo can never mix two children's records: an undo is
refused (with every reason) unless the combined file is as the merge left it —
- no record of any module was added to the survivor since the merge (a visit, a case, a
  payroll line recorded on the combined file could belong to either child);
- the survivor's file has not been edited since (its version is the merge's);
- every moved row still exists and still belongs to the survivor;
- no registered fold rewrote or deleted records (discovery's screening records): those
  cannot be restored;
- the merged file is still merged into this survivor, and the merge was not undone before.
Only the city administrator (and the system) may undo (`can_unmerge`).
"""

from __future__ import annotations

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from childwelfare.access.scope import ensure_visible
from childwelfare.accounts import policy
from childwelfare.accounts.choices import Role
from childwelfare.workflow.services import record_step, transition

from .choices import FileStatus
from .merging import child_relations, relation_key
from .models import Child, MergeRecord
from .moves import child_moved
from .services import RegistryConflict, RegistryError, derived_child_fields


class UnmergeRefused(RegistryError):
    """The merge cannot be undone; `reasons` (Chinese sentences) say why."""

    default_code = "unmerge_refused"

    def __init__(self, message, *, reasons=(), **kwargs):
        super().__init__(message, **kwargs)
        self.reasons = list(reasons)


def can_unmerge(user, record: MergeRecord | None = None) -> bool:
    """Undo a merge: the city administrator over both files' areas (issue 10). Without a
    record, whether the user undoes merges at all."""
    if record is None:
        return policy.has_role(user, Role.CITY_ADMIN)
    return policy.acts_within(user, record.survivor.area_id, Role.CITY_ADMIN) and policy.acts_within(
        user, record.merged.area_id, Role.CITY_ADMIN
    )


def _model_of(key: str):
    app_label, model_name, fk = key.split(".")
    return apps.get_model(app_label, model_name), fk


def unmerge_refusals(record: MergeRecord) -> list[str]:
    """Why `record`'s merge cannot be undone now (module docstring), [] when it can. Reads
    only: one or two queries per related model."""
    reasons: list[str] = []
    survivor, merged = record.survivor, record.merged
    if record.reversed_at:
        return [
            str(_("该合并已于%(when)s撤销") % {"when": f"{timezone.localtime(record.reversed_at):%Y-%m-%d}"})
        ]
    if merged.status != FileStatus.MERGED or merged.merged_into_id != survivor.pk:
        reasons.append(str(_("被合并档案已不再指向保留档案")))
    if survivor.status == FileStatus.MERGED:
        reasons.append(str(_("保留档案此后又被合并至其他档案")))
    if survivor.version != record.survivor_version:
        reasons.append(str(_("保留档案在合并后已被修改")))
    if record.folded:
        reasons.append(str(_("合并时已归并两份档案的同一批次排查记录，无法还原")))
    for model, fk, _one in child_relations():
        key = relation_key(model, fk)
        if model.__name__.startswith("Historical"):
            continue
        mark = record.marks.get(key, 0)
        added = model._base_manager.filter(**{fk: survivor.pk}, pk__gt=mark)
        if added.exists():
            reasons.append(
                str(_("合并后保留档案新增了%(what)s，无法判断其归属")) % {"what": model._meta.verbose_name}
            )
    for key, ids in record.moved.items():
        model, fk = _model_of(key)
        still = model._base_manager.filter(pk__in=ids, **{fk: survivor.pk}).count()
        if still != len(ids) and not model.__name__.startswith("Historical"):
            gone = len(ids) - still
            reasons.append(
                ngettext(
                    "合并转入的%(what)s有%(n)s条已删除或转出", "合并转入的%(what)s有%(n)s条已删除或转出", gone
                )
                % {"what": model._meta.verbose_name, "n": gone}
            )
    return reasons


def unmerge(record: MergeRecord, *, actor, reason: str) -> MergeRecord:
    """Undo `record`'s merge (module docstring): the moved rows go back to the merged file,
    the survivor's replaced values are restored, the merged file returns to its status.

    Raises OutOfScope (a file outside the actor's area), RegistryError cannot_unmerge (not
    the city administrator), reason_required (no reason), UnmergeRefused (code
    unmerge_refused, `reasons`) when unmerge_refusals finds any; nothing is written then."""
    ensure_visible(record.survivor, actor)
    ensure_visible(record.merged, actor)
    if not can_unmerge(actor, record):
        raise RegistryError(_("只有市级管理员可以撤销合并"), code="cannot_unmerge")
    reason = (reason or "").strip()
    if not reason:
        raise RegistryError(_("请填写撤销合并的原因"), code="reason_required", field="reason")
    with transaction.atomic():
        record = (
            MergeRecord.objects.select_for_update().select_related("survivor", "merged").get(pk=record.pk)
        )
        reasons = unmerge_refusals(record)
        if reasons:
            raise UnmergeRefused(
                _("不能撤销该合并：%(reasons)s"),
                code="unmerge_refused",
                params={"reasons": "；".join(reasons)},
                reasons=reasons,
            )
        survivor, merged = record.survivor, record.merged
        names = {"other": merged.name, "other_id": merged.pk, "survivor": survivor.name, "id": survivor.pk}
        survivor = record_step(
            survivor,
            "unabsorb",
            actor=actor,
            reason=str(_("撤销合并：%(other)s（#%(other_id)s）") % names) + f"；{reason}",
            error=RegistryError,
            conflict=RegistryConflict,
        )
        old_area_id = survivor.area_id
        before = (
            survivor.history.get(history_id=record.survivor_history_id)
            if record.survivor_history_id
            else None
        )
        if before is not None:
            for name in record.replaced:
                field = Child._meta.get_field(name)
                setattr(survivor, field.attname, getattr(before, field.attname))
        for name, value in derived_child_fields(survivor.name, survivor.id_number).items():
            setattr(survivor, name, value)
        survivor.version += 1
        survivor._history_user = actor
        survivor._change_reason = str(_("撤销合并：%(other)s（#%(other_id)s）") % names)[:100]
        survivor.save()
        if survivor.area_id != old_area_id:
            child_moved(survivor, old_area_id=old_area_id, new_area_id=survivor.area_id, actor=actor)
        for key, ids in record.moved.items():
            model, fk = _model_of(key)
            model._base_manager.filter(pk__in=ids).update(**{fk: merged.pk})
        if merged.area_id != survivor.area_id:
            # …and what they keep in an area goes back to the merged file's (merge_children).
            child_moved(merged, old_area_id=survivor.area_id, new_area_id=merged.area_id, actor=actor)
        merged_fields: dict = {"merged_into": None}
        if merged.id_number:
            merged_fields["id_hash"] = derived_child_fields(merged.name, merged.id_number)["id_hash"]
        transition(
            merged,
            record.merged_before.get("status") or FileStatus.OPEN,
            actor=actor,
            reason=str(_("撤销合并：与 %(survivor)s（#%(id)s）分开") % names) + f"；{reason}",
            error=RegistryError,
            conflict=RegistryConflict,
            **merged_fields,
        )
        record.reversed_at = timezone.now()
        record.reversed_by = actor
        record.reverse_reason = reason[:200]
        record.save(update_fields=["reversed_at", "reversed_by", "reverse_reason"])
    return record


def merges_of(child: Child) -> models.QuerySet:
    """The merge records naming `child` as survivor or merged file, newest first."""
    return MergeRecord.objects.filter(models.Q(survivor=child) | models.Q(merged=child)).select_related(
        "survivor", "merged", "merged_by", "reversed_by"
    )


def merge_rows(user, child: Child) -> list[dict]:
    """The merges naming `child`, as its page shows them: {record, absorbed (this file is the
    survivor), other (the other file), may_undo, refusals (why an undo is refused now, for
    the administrator only)}."""
    rows = []
    for record in merges_of(child):
        absorbed = record.survivor_id == child.pk
        may_undo = not record.reversed_at and can_unmerge(user, record)
        rows.append(
            {
                "record": record,
                "absorbed": absorbed,
                "other": record.merged if absorbed else record.survivor,
                "may_undo": may_undo,
                "refusals": unmerge_refusals(record) if may_undo else [],
            }
        )
    return rows
