"""Every write of the stations app (CONVENTIONS.md: views, imports and commands call these).
Each checks scope (access.scope.ensure_visible) and the action's permission first, then the
rules, and raises StationError (lib.errors.DomainError: code, field, params) or
StationConflict for a stale edit; nothing is written when it raises."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.accounts.choices import Role
from childwelfare.accounts.policy import within
from childwelfare.lib import errors
from childwelfare.lib.dates import check_event_date
from childwelfare.lib.versions import claim_version
from childwelfare.workflow.services import transition

from . import permissions
from .choices import SITE_KIND_AREA_LENGTH, SiteKind, SiteStatus
from .models import (
    Activity,
    FundingAllocation,
    Inspection,
    Project,
    Site,
    SiteChange,
    StationMembership,
    TrainingSession,
)


class StationError(errors.DomainError):
    """A write refused by the rules of the stations app."""


class StationConflict(StationError, errors.ConflictError):
    """Someone else changed the record first; nothing was written."""


def _deny(allowed: bool) -> None:
    if not allowed:
        raise StationError(_("您没有权限进行此操作"), code="not_allowed")


def _past(day: date | None, label, field: str, *, today: date | None = None) -> None:
    check_event_date(day, label=str(label), field=field, today=today, error=StationError)


def _check_site_fields(kind: str, area, livelihood_project: bool, livelihood_year: int | None) -> None:
    wanted = SITE_KIND_AREA_LENGTH.get(kind)
    if wanted is None:
        raise StationError(_("请选择阵地类型"), code="bad_kind", field="kind")
    if len(area.code) != wanted:
        raise StationError(
            _("%(kind)s应设在%(level)s一级，“%(area)s”不是"),
            code="wrong_area_level",
            field="area",
            params={
                "kind": SiteKind(kind).label,
                "level": {4: _("市"), 9: _("乡镇（街道）"), 12: _("村（社区）")}[wanted],
                "area": area.full_name or area.name,
            },
        )
    if livelihood_project and not livelihood_year:
        raise StationError(
            _("民生实事项目须填写年度"), code="livelihood_year_required", field="livelihood_year"
        )


SITE_FIELDS = (
    "kind",
    "name",
    "area",
    "address",
    "level",
    "build_type",
    "livelihood_project",
    "livelihood_year",
    "institution",
)


@transaction.atomic
def create_site(*, actor, kind: str, name: str, area, **fields) -> Site:
    """Register a site (status 规划中, status date today). `area`: an Area of the kind's level
    (the city, a township, a village: choices.SITE_KIND_AREA_LENGTH); other fields as in
    SITE_FIELDS. Raises StationError (not_allowed, wrong_area_level, livelihood_year_required)."""
    _deny(permissions.can_manage_sites(actor, area.code))
    _check_site_fields(kind, area, fields.get("livelihood_project", False), fields.get("livelihood_year"))
    unknown = set(fields) - set(SITE_FIELDS)
    if unknown:
        raise TypeError(f"create_site() got unexpected fields {sorted(unknown)}")
    site = Site(
        kind=kind, name=name.strip(), area=area, created_by=actor, status_on=timezone.localdate(), **fields
    )
    site._history_user = actor
    site.save()
    return site


@transaction.atomic
def update_site(site: Site, *, actor, expected_version: int | None = None, **fields) -> Site:
    """Change a site's description (SITE_FIELDS; not its status: move_site). Raises
    StationError as create_site, StationConflict when the page showed an older version,
    OutOfScope outside the actor's area."""
    ensure_visible(site, actor)
    _deny(permissions.can_manage_sites(actor, site.area_id))
    area = fields.get("area", site.area)
    _deny(permissions.can_manage_sites(actor, area.code))
    _check_site_fields(
        fields.get("kind", site.kind),
        area,
        fields.get("livelihood_project", site.livelihood_project),
        fields.get("livelihood_year", site.livelihood_year),
    )
    claim_version(site, expected_version, conflict=StationConflict)
    for name, value in fields.items():
        if name not in SITE_FIELDS:
            raise TypeError(f"update_site() cannot set {name}")
        setattr(site, name, value)
    site._history_user = actor
    site.save()
    return site


def move_site(
    site: Site, to: str, *, actor, on: date, expected_version: int | None = None, note: str = ""
) -> Site:
    """Move a site's status one step (规划中 → 已立项 → 已招标 → 建设中 → 已验收 → 运营中) on the
    day `on` (not ahead, not before the current status date); reaching 运营中 sets `opened_on`
    unless it is set. A workflow event records the move, the day and `note`. Raises
    StationError (illegal_transition, event_in_future, before_status_date), StationConflict."""
    ensure_visible(site, actor)
    _deny(permissions.can_manage_sites(actor, site.area_id))
    Site.workflow.check_move(site, to, error=StationError)
    _past(on, _("状态日期"), "on")
    if site.status_on and on < site.status_on:
        raise StationError(
            _("日期不能早于当前状态的日期%(date)s"),
            code="before_status_date",
            field="on",
            params={"date": site.status_on.isoformat()},
        )
    fields = {"status_on": on}
    if str(to) == SiteStatus.OPERATING and site.opened_on is None:
        fields["opened_on"] = on
    reason = f"{on.isoformat()} {note}".strip()
    return transition(
        site,
        to,
        actor=actor,
        expected_version=expected_version,
        reason=reason,
        error=StationError,
        conflict=StationConflict,
        **fields,
    )


@transaction.atomic
def record_site_change(site: Site, *, actor, changed_on: date, note: str) -> SiteChange:
    """A dated event of the site (a move of premises, a new institution). Raises StationError."""
    ensure_visible(site, actor)
    _deny(permissions.can_manage_sites(actor, site.area_id))
    _past(changed_on, _("日期"), "changed_on")
    return SiteChange.objects.create(site=site, changed_on=changed_on, note=note.strip(), created_by=actor)


@transaction.atomic
def add_member(site: Site, *, actor, user, since: date, move: bool = False) -> StationMembership:
    """Make `user` (role 工作站人员, area containing the site's or inside it) staff of `site`.
    A user already at another station moves to this one only when `move` is true (the form's
    调入本站 box), so nobody is taken from a station without the manager knowing. Raises
    StationError (not_station_staff, member_outside_area, member_elsewhere)."""
    ensure_visible(site, actor)
    _deny(permissions.can_manage_sites(actor, site.area_id))
    if user.role != Role.STATION_STAFF or not user.area_id:
        raise StationError(
            _("“%(name)s”不是工作站人员账号"),
            code="not_station_staff",
            field="user",
            params={"name": user.full_name or user.username},
        )
    if not (site.area_id.startswith(user.area_id) or user.area_id.startswith(site.area_id)):
        raise StationError(
            _("“%(name)s”的账号不在该阵地所在区划"),
            code="member_outside_area",
            field="user",
            params={"name": user.full_name or user.username},
        )
    _deny(within(actor, user.area_id) or within(actor, site.area_id) and user.area_id == site.area_id)
    current = StationMembership.objects.filter(user=user).exclude(site=site).select_related("site").first()
    if current is not None and not move:
        raise StationError(
            _("“%(name)s”现为“%(site)s”的工作人员；如需调入本站，请勾选“调入本站”后再提交"),
            code="member_elsewhere",
            field="move",
            params={"name": user.full_name or user.username, "site": current.site.name},
        )
    membership, _created = StationMembership.objects.update_or_create(
        user=user, defaults={"site": site, "since": since, "created_by": actor}
    )
    return membership


@transaction.atomic
def remove_member(membership: StationMembership, *, actor) -> None:
    """End a user's membership of a station. Raises StationError (not_allowed)."""
    ensure_visible(membership, actor)
    _deny(permissions.can_manage_sites(actor, membership.site.area_id))
    membership.delete()


@transaction.atomic
def add_funding(
    site: Site, *, actor, amount: Decimal, allocated_on: date, purpose: str, document_number: str = ""
) -> FundingAllocation:
    """A funding allocation to `site` in yuan (more than 0, two places). Raises StationError."""
    ensure_visible(site, actor)
    _deny(permissions.can_manage_sites(actor, site.area_id))
    if amount is None or amount <= 0:
        raise StationError(_("金额应大于0"), code="amount_not_positive", field="amount")
    _past(allocated_on, _("拨付日期"), "allocated_on")
    return FundingAllocation.objects.create(
        site=site,
        amount=Decimal(amount).quantize(Decimal("0.01")),
        allocated_on=allocated_on,
        purpose=purpose.strip(),
        document_number=document_number.strip(),
        created_by=actor,
    )


@transaction.atomic
def add_training(
    site: Site,
    *,
    actor,
    held_on: date,
    topic: str,
    trainer: str = "",
    attendee_count: int,
    attendee_names: str = "",
) -> TrainingSession:
    """A training session of `site`'s staff. Raises StationError."""
    ensure_visible(site, actor)
    _deny(permissions.can_manage_sites(actor, site.area_id))
    _past(held_on, _("培训日期"), "held_on")
    return TrainingSession.objects.create(
        site=site,
        held_on=held_on,
        topic=topic.strip(),
        trainer=trainer.strip(),
        attendee_count=attendee_count,
        attendee_names=attendee_names.strip(),
        created_by=actor,
    )


@transaction.atomic
def add_inspection(
    site: Site,
    *,
    actor,
    inspected_on: date,
    inspector: str,
    findings: str = "",
    follow_up: str = "",
    follow_up_due: date | None = None,
) -> Inspection:
    """An inspection visit of `site`; a follow-up due date (not before the visit) needs the
    follow-up itself. Deadline engine: when childwelfare.deadlines exists, this is where the
    follow-up's deadline is opened. Raises StationError."""
    ensure_visible(site, actor)
    _deny(permissions.can_manage_sites(actor, site.area_id))
    _past(inspected_on, _("检查日期"), "inspected_on")
    if follow_up_due is not None:
        if not follow_up.strip():
            raise StationError(
                _("填写整改期限时须写明整改要求"), code="follow_up_required", field="follow_up"
            )
        if follow_up_due < inspected_on:
            raise StationError(_("整改期限不能早于检查日期"), code="due_before_visit", field="follow_up_due")
    return Inspection.objects.create(
        site=site,
        inspected_on=inspected_on,
        inspector=inspector.strip(),
        findings=findings.strip(),
        follow_up=follow_up.strip(),
        follow_up_due=follow_up_due,
        created_by=actor,
    )


@transaction.atomic
def create_project(
    site: Site,
    *,
    actor,
    name: str,
    kind: str,
    start_date: date,
    end_date: date | None = None,
    budget: Decimal = Decimal("0"),
    partner: str = "",
    status: str,
) -> Project:
    """A service project of `site` (period start–end, budget in yuan, partner). Raises
    StationError (not_allowed, end_before_start, budget_negative)."""
    ensure_visible(site, actor)
    _deny(permissions.can_record_work(actor, site))
    if end_date is not None and end_date < start_date:
        raise StationError(_("结束日期不能早于开始日期"), code="end_before_start", field="end_date")
    if budget is not None and budget < 0:
        raise StationError(_("预算不能为负数"), code="budget_negative", field="budget")
    project = Project(
        site=site,
        name=name.strip(),
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        budget=Decimal(budget or 0).quantize(Decimal("0.01")),
        partner=partner.strip(),
        status=status,
        created_by=actor,
    )
    project._history_user = actor
    project.save()
    return project


def check_activity(
    site: Site,
    *,
    actor,
    held_on: date,
    person_times: int,
    project: Project | None = None,
    children: Iterable = (),
    today: date | None = None,
) -> None:
    """The rules of an activity, without writing (the form and the import use them too):
    a day not ahead; person-times at least 1; the project (if any) the site's own; every
    child registered in the site's area subtree and visible to the actor — a child outside
    is refused naming the child. Raises StationError."""
    _past(held_on, _("活动日期"), "held_on", today=today)
    if person_times is None or person_times < 1:
        raise StationError(_("服务人次应为正整数"), code="person_times_not_positive", field="person_times")
    if project is not None and project.site_id != site.pk:
        raise StationError(_("所选项目不属于该阵地"), code="project_of_other_site", field="project")
    for child in children:
        if not child.area_id.startswith(site.area_id):
            raise StationError(
                _("儿童“%(name)s”不在该阵地的服务区域内"),
                code="child_outside_site",
                field="children",
                params={"name": child.name},
            )


@transaction.atomic
def record_activity(
    site: Site,
    *,
    actor,
    held_on: date,
    kind: str,
    title: str,
    person_times: int,
    project: Project | None = None,
    children: Iterable = (),
    notes: str = "",
) -> Activity:
    """An activity of `site`; `children` (registry.Child) who took part see it on their
    timelines. Raises StationError (see check_activity; not_allowed), OutOfScope for a child
    the actor cannot see."""
    ensure_visible(site, actor)
    _deny(permissions.can_record_work(actor, site))
    children = list(children)
    for child in children:
        ensure_visible(child, actor)
    check_activity(
        site, actor=actor, held_on=held_on, person_times=person_times, project=project, children=children
    )
    activity = Activity.objects.create(
        site=site,
        project=project,
        held_on=held_on,
        kind=kind,
        title=title.strip(),
        person_times=person_times,
        notes=notes.strip(),
        created_by=actor,
    )
    if children:
        activity.children.set(children)
    return activity
