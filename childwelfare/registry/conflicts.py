"""ID numbers already registered outside the actor's area (issue 13 §4, existence oracles).

One child per ID number stays a global rule (the unique id_hash). But a user who tries to
register a number held by a child outside their area learns nothing about that child: not
the name, the birth date, the area or its internal id, and the same words whoever holds it —
"cannot be registered here, the district will check". Each such hit raises a task for the
district officers of the area where it was tried (RegistrationConflict) and is written to
the access log (AccessAction.ID_COLLISION). Possible duplicates (same name and birth date)
are looked for only among children the user may see (registry.importing.writer).

Call `refuse_if_registered_elsewhere` outside any transaction that the refusal will roll
back: it writes the task and the log entry, then raises.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.errors import DomainError
from childwelfare.lib.idnumber import keyed_hash

from .models import Child, RegistrationConflict
from .permissions import can_handle_registration_conflicts
from .services import RegistryError

# The one answer, wherever the number is registered (the same msgid is raised below).
REGISTERED_ELSEWHERE = _("该儿童不能在此登记，区民政部门将核查")


class ConflictError(DomainError):
    """A registration conflict cannot be handled (no permission, already handled)."""

    default_code = "conflict_refused"


def held_elsewhere(id_hashes: Iterable[str], *, actor, exclude_pk: int | None = None) -> set[str]:
    """The hashes among `id_hashes` held by a child `actor` may not see (one query per 5,000)."""
    hashes = list(dict.fromkeys(id_hashes))
    found: set[str] = set()
    for start in range(0, len(hashes), 5000):
        chunk = hashes[start : start + 5000]
        held = Child.objects.filter(id_hash__in=chunk)
        if exclude_pk is not None:
            held = held.exclude(pk=exclude_pk)
        visible = set(held.visible_to(actor).values_list("id_hash", flat=True))
        found |= set(held.values_list("id_hash", flat=True)) - visible
    return found


def record_conflicts(
    *, actor, area_code: str, source: str, hits: list[tuple[str, int | None]], roster_import=None
) -> list[RegistrationConflict]:
    """One RegistrationConflict per hit [(id_hash, roster row number or None)] in the area
    where the registration was tried (`area_code`), and one access-log entry for them all
    (row_count = number of hits; the data's area = `area_code`). Returns the conflicts."""
    if not hits:
        return []
    with transaction.atomic():
        conflicts = RegistrationConflict.objects.bulk_create(
            [
                RegistrationConflict(
                    actor=actor,
                    area_id=area_code,
                    source=source,
                    id_hash=id_hash,
                    row_number=row,
                    roster_import=roster_import,
                )
                for id_hash, row in hits
            ],
            batch_size=1000,
        )
        label = RegistrationConflict.Source(source).label
        log_access(
            user=actor,
            action=AccessAction.ID_COLLISION,
            object_type="registry.registrationconflict",
            object_id=str(conflicts[0].pk) if len(conflicts) == 1 and conflicts[0].pk else "",
            detail=str(label),
            row_count=len(hits),
            area_code=area_code,
        )
    return conflicts


def refuse_if_registered_elsewhere(
    id_number: str, *, actor, area_code: str, source: str, exclude_pk: int | None = None
) -> None:
    """Raise RegistryError (code registered_elsewhere, the words of REGISTERED_ELSEWHERE), after recording the conflict and the log entry, when the
    (valid, normalised) `id_number` belongs to a child `actor` may not see, other than
    `exclude_pk`. `area_code` is where the child would be registered. Returns None when
    the number is free or held by a child the actor sees (the caller's own duplicate check
    then answers as usual)."""
    id_hash = keyed_hash(id_number, settings.ID_HASH_KEY)
    if held_elsewhere([id_hash], actor=actor, exclude_pk=exclude_pk):
        record_conflicts(actor=actor, area_code=area_code, source=source, hits=[(id_hash, None)])
        raise RegistryError(
            _("该儿童不能在此登记，区民政部门将核查"), code="registered_elsewhere", field="id_number"
        )


@transaction.atomic
def handle_conflict(conflict: RegistrationConflict, *, actor, dismiss: bool = False, note: str = ""):
    """Close an open conflict as resolved (or dismissed), with the officer's note.

    Raises OutOfScope (not in the actor's area), ConflictError (not a district officer or
    the city; already handled). Returns the conflict."""
    ensure_visible(conflict, actor)
    if not can_handle_registration_conflicts(actor, conflict.area_id):
        raise ConflictError(_("只有区民政干部可以处理登记冲突"), code="cannot_handle")
    conflict = RegistrationConflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.status != RegistrationConflict.Status.OPEN:
        raise ConflictError(_("该登记冲突已处理"), code="already_handled")
    conflict.status = (
        RegistrationConflict.Status.DISMISSED if dismiss else RegistrationConflict.Status.RESOLVED
    )
    conflict.handled_by = actor
    conflict.handled_at = timezone.now()
    conflict.note = note.strip()
    conflict.save(update_fields=["status", "handled_by", "handled_at", "note"])
    return conflict


__all__ = [
    "REGISTERED_ELSEWHERE",
    "ConflictError",
    "handle_conflict",
    "held_elsewhere",
    "record_conflicts",
    "refuse_if_registered_elsewhere",
]
