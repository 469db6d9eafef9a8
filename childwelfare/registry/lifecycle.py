"""The child file over time (issue 9): closing a file and reopening it.

A file moves between open and closed through the child's declared state machine
(`Child.workflow`, workflow.transition): the move is checked, locked on the version, and
leaves a TransitionEvent and a history record (the child's timeline shows it). A closed
file leaves every work list (`ChildQuerySet.open_files`) and stays searchable.

Money: closing ends every running category spell on the closing date, so an allowance stops
from that date by the payroll's existing proration of a spell's end (DOMAIN.md §10); no
arithmetic is changed here. Reopening does not bring the spells back: a category (and an
allowance) is given again through the usual steps.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.dates import check_event_date
from childwelfare.workflow.services import transition

from .choices import CloseReason, FileStatus, SpellStatus
from .models import CategorySpell, Child
from .permissions import can_close_child_file, can_reopen_child_file
from .services import RegistryConflict, RegistryError


def close_child(
    child: Child,
    *,
    actor,
    reason: str,
    closed_on: date,
    note: str = "",
    expected_version: int | None = None,
) -> Child:
    """Close `child`'s file on `closed_on` (the last day it counts) for `reason` (a
    CloseReason; OTHER needs `note`, at most 200 characters).

    Every spell running after `closed_on` ends that day (end reason "结档：<reason>").
    Returns the child, refreshed. Raises OutOfScope (outside the actor's area), RegistryError
    (codes cannot_close, bad_close_reason, close_note_missing, event_before_birth /
    event_in_future on closed_on, spell_after_close when a category starts after the
    closing date, illegal_transition when already closed), RegistryConflict (stale_version).
    """
    if not can_close_child_file(actor, child.area_id):
        raise RegistryError(_("您没有结档的权限"), code="cannot_close")
    if reason not in CloseReason.values:
        raise RegistryError(_("请选择结档原因"), code="bad_close_reason", field="close_reason")
    note = (note or "").strip()
    if reason == CloseReason.OTHER and not note:
        raise RegistryError(_("结档原因为“其他”时请填写说明"), code="close_note_missing", field="close_note")
    if len(note) > 200:
        raise RegistryError(_("说明不能超过200字"), code="close_note_too_long", field="close_note")
    check_event_date(
        closed_on, label=_("结档日期"), field="closed_on", birth_date=child.birth_date, error=RegistryError
    )
    label = CloseReason(reason).label
    with transaction.atomic():
        running = (
            CategorySpell.objects.select_for_update()
            .filter(child=child)
            .exclude(status=SpellStatus.REFUSED)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=closed_on))
        )
        spells = list(running)
        late = [spell for spell in spells if spell.start_date > closed_on]
        if late:
            raise RegistryError(
                _("儿童类别“%(category)s”的认定日期%(start)s晚于结档日期，请先处理该类别"),
                code="spell_after_close",
                field="closed_on",
                params={"category": late[0].get_category_display(), "start": late[0].start_date.isoformat()},
            )
        child = transition(
            child,
            FileStatus.CLOSED,
            actor=actor,
            expected_version=expected_version,
            reason=f"{label}{'：' + note if note else ''}",
            error=RegistryError,
            conflict=RegistryConflict,
            closed_on=closed_on,
            close_reason=reason,
            close_note=note,
        )
        end_reason = str(_("结档：%(reason)s") % {"reason": label})
        for spell in spells:
            spell.end_date = closed_on
            spell.end_reason = end_reason[:200]
            spell.version += 1
            spell._history_user = actor
            spell._change_reason = end_reason[:100]
            spell.save()
    return child


@transaction.atomic
def reopen_child(child: Child, *, actor, reason: str, expected_version: int | None = None) -> Child:
    """Reopen a closed file, with the reason (at most 200 characters); the closing date and
    reason are cleared (the history keeps them).

    The categories the closing ended (ended on the closing date) resume: closed and reopened
    the same day, the spell simply runs on; reopened later, each becomes a new spell from
    today — pending for a paid category until a second person confirms it (issue 8, item 7),
    so the closed period is not paid. One that cannot resume (another allowance now, an
    overlap) stays ended. `child.resumed` lists the categories resumed.
    Returns the child, refreshed. Raises OutOfScope, RegistryError (cannot_reopen — only the
    district's officers and the city —, reopen_reason_missing, illegal_transition when the
    file is open), RegistryConflict."""
    if not can_reopen_child_file(actor, child.area_id):
        raise RegistryError(_("只有区民政干部可以恢复已结档案"), code="cannot_reopen")
    reason = (reason or "").strip()
    if not reason:
        raise RegistryError(_("请填写恢复原因"), code="reopen_reason_missing", field="reason")
    if len(reason) > 200:
        raise RegistryError(_("说明不能超过200字"), code="reopen_reason_too_long", field="reason")
    closed_on = child.closed_on
    child = transition(
        child,
        FileStatus.OPEN,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        error=RegistryError,
        conflict=RegistryConflict,
        closed_on=None,
        close_reason="",
        close_note="",
    )
    child.resumed = _resume_categories(child, closed_on, actor=actor) if closed_on else []
    return child


def _resume_categories(child: Child, closed_on: date, *, actor) -> list[str]:
    """The categories ended on `closed_on`, resumed as reopen_child says; their codes."""
    from .services import add_category

    today = timezone.localdate()
    resumed = []
    ended = CategorySpell.objects.filter(child=child, end_date=closed_on).exclude(status=SpellStatus.REFUSED)
    for spell in ended.order_by("start_date", "pk"):
        if closed_on >= today:
            spell.end_date, spell.end_reason = None, ""
            spell._history_user = actor
            spell._change_reason = "恢复档案"
            spell.save(update_fields=["end_date", "end_reason"])
        else:
            try:
                add_category(child=child, actor=actor, category=spell.category, start_date=today)
            except RegistryError:
                continue  # e.g. another allowance since: stays ended, the officer decides
        resumed.append(spell.category)
    return resumed
