"""Eligibility applications (认定申请) and termination, 民发〔2019〕62号 (DOMAIN.md §4):
the guardian (or an authorised relative, or the village/residents' committee) applies at the
township of hukou → township verification within 15 working days → district confirmation
within 15 working days → the allowance from the month after confirmation. A refusal states
its reasons in writing. No public posting: nothing here publishes names."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.deadlines.calendar import compute_due, end_of_day
from childwelfare.deadlines.escalation import due_day, start_of
from childwelfare.deadlines.rules import get_rule
from childwelfare.deadlines.services import meet_deadline, open_deadline
from childwelfare.lib import errors
from childwelfare.lib.dates import add_months, month_end
from childwelfare.lib.workdays import calendar_years
from childwelfare.registry.choices import Category, SpellStatus
from childwelfare.registry.models import CategorySpell, Child
from childwelfare.registry.services import add_category, end_category
from childwelfare.workflow.services import transition

from . import permissions
from .choices import ApplicationKind, ApplicationStatus, TerminationReason
from .eligibility import check_de_facto_unsupported, check_orphan
from .models import EligibilityApplication, HolidayOverride
from .spells import confirm_by_application

STATUTORY_WORKING_DAYS = 15
# The two steps' rules on the deadline engine (deadlines/defaults.py; amounts are settings).
CHECK_RULE = "application_check"
CONFIRM_RULE = "application_confirm"


class ApplicationError(errors.DomainError):
    """A step refused (lib.errors.DomainError: code, field, translatable message)."""


class ApplicationConflict(ApplicationError, errors.ConflictError):
    """Someone else acted on the application first; nothing was changed (code 'conflict')."""


# Refused moves raise this module's errors, which the views catch. Every step locks on the
# version the application object carries (the views set it to the version the user saw).
_ERRORS = {"error": ApplicationError, "conflict": ApplicationConflict}


def holiday_overrides() -> dict[date, bool]:
    """{day: is working day} of the override table: the deadline engine's override source
    (registered in BenefitsConfig.ready, deadlines.calendar.register_override_source)."""
    return dict(HolidayOverride.objects.values_list("day", "is_working_day"))


def due_after(start: date, rule_key: str = CHECK_RULE) -> tuple[date, str]:
    """The statutory deadline of `rule_key` (15 working days) after `start`, from the deadline
    engine (deadlines.calendar.compute_due: the State Council calendar, make-up days and the
    override table), and a note in Chinese when the holiday calendar did not cover a year
    (then weekends and the override table only)."""
    day = due_day(compute_due(get_rule(rule_key), start_of(start)))
    first, last = calendar_years()
    missing = [
        year for year in range((start + timedelta(days=1)).year, day.year + 1) if not first <= year <= last
    ]
    note = ""
    if missing:
        years = "、".join(str(year) for year in missing)
        note = f"{years}年的法定节假日安排尚未收录，期限按周末和节假日调整表计算，请核对"
    return day, note


def _open_step_deadline(application: EligibilityApplication, rule_key: str, start: date, due: date) -> None:
    open_deadline(
        application,
        rule_key,
        start=start_of(start),
        due=end_of_day(due),
        area_code=application.child.area_id,
    )


def sync_due_from_deadline(application: EligibilityApplication, deadline) -> None:
    """Keep the step's due field equal to its engine deadline after an approved extension or
    resumption (registered as the deadline engine's due listener for applications)."""
    field = {CHECK_RULE: "verify_due", CONFIRM_RULE: "confirm_due"}.get(deadline.rule)
    if field:
        EligibilityApplication.objects.filter(pk=application.pk).update(**{field: due_day(deadline.due_at)})


def evaluate(child: Child, kind: str, on: date):
    """The eligibility check of the application's kind, as of `on`. Hukou must be in the
    child's district (local rule of DOMAIN.md §4)."""
    local = child.area_id[:6]
    if kind == ApplicationKind.ORPHAN:
        return check_orphan(child, on, local_prefix=local)
    return check_de_facto_unsupported(child, on, local_prefix=local)


@transaction.atomic
def submit_application(
    *,
    child: Child,
    actor,
    kind: str,
    applicant_kind: str,
    applicant_name: str,
    submitted_on: date,
    applicant_relation: str = "",
) -> EligibilityApplication:
    """Record an application received on `submitted_on`; the township's verification is due
    15 working days later. Raises ApplicationError (no permission, a pending application of
    the same kind, a future date)."""
    if not permissions.can_submit_application(actor, child.area_id):
        raise ApplicationError(_("您不能为该儿童登记认定申请"), code="cannot_submit_application")
    if submitted_on > timezone.localdate():
        raise ApplicationError(_("申请日期不能晚于今天"), code="submitted_in_future", field="submitted_on")
    if submitted_on < child.birth_date:
        raise ApplicationError(
            _("申请日期早于儿童出生日期"), code="submitted_before_birth", field="submitted_on"
        )
    if not applicant_name.strip():
        raise ApplicationError(_("请填写申请人"), code="applicant_missing", field="applicant_name")
    target = (
        Category.DE_FACTO_UNSUPPORTED
        if kind == ApplicationKind.DE_FACTO_UNSUPPORTED
        else Category.SCATTERED_ORPHAN
    )
    held = (
        CategorySpell.objects.filter(child=child, category=target, status=SpellStatus.CONFIRMED)
        .active_on(submitted_on)
        .first()
    )
    if held is not None and held.end_date is None:
        raise ApplicationError(
            _("该儿童自%(start)s起已是“%(category)s”，无需再申请"),
            code="category_already_held",
            field="kind",
            params={"start": held.start_date.isoformat(), "category": held.get_category_display()},
        )
    if EligibilityApplication.objects.filter(
        child=child, kind=kind, status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.VERIFIED]
    ).exists():
        raise ApplicationError(_("该儿童已有办理中的同类申请"), code="application_pending", field="kind")
    due, note = due_after(submitted_on)
    application = EligibilityApplication.objects.create(
        child=child,
        kind=kind,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name.strip(),
        applicant_relation=applicant_relation,
        submitted_on=submitted_on,
        verify_due=due,
        calendar_note=note,
        eligibility=evaluate(child, kind, submitted_on).as_dict(),
        created_by=actor,
    )
    _open_step_deadline(application, CHECK_RULE, submitted_on, due)
    return application


@transaction.atomic
def verify_application(
    application: EligibilityApplication, *, actor, on: date, note: str = ""
) -> EligibilityApplication:
    """Township verification (查验), mainly by comparing department data: passes the
    application to the district, whose confirmation is due 15 working days later. The
    eligibility check is repeated and kept; an ineligible application cannot be passed on
    (refuse it instead)."""
    if not permissions.can_verify_application(actor, application.child.area_id):
        raise ApplicationError(
            _("只有儿童户籍所在乡镇（街道）的儿童督导员可以查验"), code="cannot_verify_application"
        )
    result = evaluate(application.child, application.kind, on)
    if not result.eligible:
        raise ApplicationError(
            _("核对不符合认定条件：%(reasons)s。请作出不予认定并说明理由"),
            code="not_eligible",
            params={"reasons": result.failing_text()},
        )
    due, calendar_note = due_after(on, CONFIRM_RULE)
    application = transition(
        application,
        ApplicationStatus.VERIFIED,
        actor=actor,
        reason=note,
        **_ERRORS,
        verified_on=on,
        verified_by=actor,
        verification_note=note,
        confirm_due=due,
        calendar_note=calendar_note or application.calendar_note,
        eligibility=result.as_dict(),
    )
    meet_deadline(application, CHECK_RULE)
    _open_step_deadline(application, CONFIRM_RULE, on, due)
    return application


@transaction.atomic
def confirm_application(application: EligibilityApplication, *, actor, on: date) -> EligibilityApplication:
    """District confirmation (确认): the category starts on the first day of the month after
    confirmation, so the allowance is paid from that month (DOMAIN.md §4). A child confirmed
    as an orphan loses any de facto unsupported spell, and the other way round: the two
    never overlap."""
    if not permissions.can_confirm_application(actor, application.child.area_id):
        raise ApplicationError(_("只有区县民政部门可以确认"), code="cannot_confirm_application")
    child = application.child
    result = evaluate(child, application.kind, on)
    if not result.eligible:
        raise ApplicationError(
            _("核对不符合认定条件：%(reasons)s"),
            code="not_eligible",
            params={"reasons": result.failing_text()},
        )
    # Checked before the spells change, so a refused step leaves the categories untouched.
    EligibilityApplication.workflow.check_move(
        application, ApplicationStatus.CONFIRMED, error=ApplicationError
    )
    start = add_months(on.replace(day=1), 1)
    category = (
        Category.DE_FACTO_UNSUPPORTED
        if application.kind == ApplicationKind.DE_FACTO_UNSUPPORTED
        else Category.SCATTERED_ORPHAN
    )
    if application.kind == ApplicationKind.DE_FACTO_UNSUPPORTED:
        other = {Category.SCATTERED_ORPHAN, Category.INSTITUTIONAL_ORPHAN}
    else:
        other = {Category.DE_FACTO_UNSUPPORTED}
    for spell in CategorySpell.objects.filter(child=child, category__in=other).active_on(start):
        end_category(
            spell,
            actor=actor,
            end_date=max(start - timedelta(days=1), spell.start_date),
            reason="认定为其他类别",
        )
    existing = CategorySpell.objects.filter(child=child, category=category).active_on(start).first()
    spell = existing or add_category(child=child, actor=actor, category=category, start_date=start)
    spell = confirm_by_application(spell, actor=actor, on=on)
    meet_deadline(application, CONFIRM_RULE)
    return transition(
        application,
        ApplicationStatus.CONFIRMED,
        actor=actor,
        **_ERRORS,
        confirmed_on=on,
        confirmed_by=actor,
        eligibility=result.as_dict(),
        spell=spell,
    )


@transaction.atomic
def refuse_application(
    application: EligibilityApplication, *, actor, on: date, reason: str
) -> EligibilityApplication:
    """Refusal at verification (township) or confirmation (district), with its reasons in
    writing — they are shown to the applicant. The eligibility check is repeated as of `on`
    and kept with the refusal, so the page shows which conditions failed."""
    area = application.child.area_id
    allowed = (
        permissions.can_verify_application(actor, area)
        if application.status == ApplicationStatus.SUBMITTED
        else permissions.can_confirm_application(actor, area)
    )
    if not allowed:
        raise ApplicationError(_("您不能在此环节作出不予认定"), code="cannot_refuse_application")
    if not reason.strip():
        raise ApplicationError(_("不予认定须书面说明理由"), code="refusal_reason_missing", field="reason")
    # A refusal in writing is the step's decision: its deadline is met.
    meet_deadline(
        application, CHECK_RULE if application.status == ApplicationStatus.SUBMITTED else CONFIRM_RULE
    )
    return transition(
        application,
        ApplicationStatus.REFUSED,
        actor=actor,
        reason=reason.strip(),
        **_ERRORS,
        refused_on=on,
        refused_by=actor,
        refusal_reason=reason.strip(),
        eligibility=evaluate(application.child, application.kind, on).as_dict(),
    )


@transaction.atomic
def terminate_allowance(
    spell: CategorySpell,
    *,
    actor,
    changed_on: date,
    reason: str,
    note: str = "",
    expected_version: int | None = None,
) -> CategorySpell:
    """End a category because of a change (death, turning 18, adoption, hukou moved out, a
    parent able again, other): the allowance stops from the month after the change, so the
    spell ends on the last day of the month of the change (DOMAIN.md §4). A change dated in
    a month already paid makes the next payroll reverse what was paid after it.
    expected_version: the spell's version the page showed (registry.services.end_category;
    RegistryConflict when it moved on)."""
    if not permissions.can_confirm_application(actor, spell.child.area_id):
        raise ApplicationError(_("只有区县民政部门可以终止保障"), code="cannot_terminate_allowance")
    # A termination only ever shortens a spell: one already ending by then must not be
    # extended to the end of the month of a later change (that would pay months the
    # child no longer held the category).
    if spell.end_date is not None and spell.end_date <= month_end(changed_on):
        raise ApplicationError(
            _("该类别已于%(end)s终止，变化日期%(changed)s不会提前终止"),
            code="already_ended",
            field="changed_on",
            params={"end": spell.end_date.isoformat(), "changed": changed_on.isoformat()},
        )
    label = TerminationReason(reason).label
    return end_category(
        spell,
        actor=actor,
        end_date=month_end(changed_on),
        reason=f"{label}{('：' + note) if note else ''}",
        expected_version=expected_version,
    )


def overdue(applications, today: date):
    """Applications whose current step is past its statutory deadline."""
    from django.db.models import Q

    return applications.filter(
        Q(status=ApplicationStatus.SUBMITTED, verify_due__lt=today)
        | Q(status=ApplicationStatus.VERIFIED, confirm_due__lt=today)
    )
