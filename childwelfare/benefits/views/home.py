"""The benefits section of the home page ("我的工作"): applications waiting at the user's
step (with those past their statutory deadline in red) and, for district officers and the
city, this month's payroll. Rendered by the include `benefits/_home_panel.html` from
`benefits_panel`."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from childwelfare.accounts.choices import Role
from childwelfare.accounts.home import PanelItem
from childwelfare.accounts.permissions import can_read_children
from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area

from ..applications import overdue
from ..choices import ApplicationStatus, PayrollStatus
from ..models import EligibilityApplication, Payroll
from ..spells import pending_spells


def _step_items(apps, status: str, today: date, url: str, labels: tuple[str, str, str]) -> list[PanelItem]:
    """Waiting at a step, due within three days, and past the deadline."""
    waiting = apps.filter(status=status)
    due_field = "verify_due" if status == ApplicationStatus.SUBMITTED else "confirm_due"
    soon = waiting.filter(**{f"{due_field}__gte": today, f"{due_field}__lte": today + timedelta(days=3)})
    return [
        PanelItem(labels[0], waiting.count(), f"{url}?status={status}"),
        PanelItem(labels[1], soon.count(), f"{url}?status={status}"),
        PanelItem(labels[2], overdue(waiting, today).count(), f"{url}?status={status}&overdue=on", True),
    ]


def home_panel_context(user, today: date) -> dict:
    """{"benefits_panel": {"items": [PanelItem…], "payroll": dict | None}} for the home page.
    A handful of count queries; a role with nothing here gets an empty panel (the include
    then shows nothing)."""
    items: list[PanelItem] = []
    payroll = None
    if not can_read_children(user):
        return {"benefits_panel": {"items": items, "payroll": payroll}}
    role = getattr(user, "role", "")
    apps = EligibilityApplication.objects.visible_to(user)
    url = reverse("benefits:application_list")
    month = today.replace(day=1)
    month_url = reverse("benefits:payroll_month") + f"?month={month:%Y-%m}"
    if role == Role.CHILD_SUPERVISOR:
        items = _step_items(
            apps, ApplicationStatus.SUBMITTED, today, url, (_("待查验申请"), _("3日内到期"), _("查验逾期"))
        )
    elif role == Role.DISTRICT_OFFICER:
        items = _step_items(
            apps, ApplicationStatus.VERIFIED, today, url, (_("待确认申请"), _("3日内到期"), _("确认逾期"))
        )
        items.append(
            PanelItem(
                _("乡镇查验逾期"),
                overdue(apps.filter(status=ApplicationStatus.SUBMITTED), today).count(),
                f"{url}?status={ApplicationStatus.SUBMITTED}&overdue=on",
                True,
            )
        )
        # Paid categories entered by others, waiting for this officer's review (four eyes).
        items.append(
            PanelItem(_("待复核的保障类别"), pending_spells(user).count(), reverse("benefits:spell_review"))
        )
        current = Payroll.objects.visible_to(user).filter(area_id=user.area_id, month=month).first()
        payroll = {"month": month, "payroll": current, "url": month_url, "district": True}
    elif role == Role.CITY_ADMIN:
        running = apps.filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.VERIFIED])
        items = [
            PanelItem(_("办理中的认定申请"), running.count(), url),
            PanelItem(_("逾期申请"), overdue(apps, today).count(), f"{url}?overdue=on", True),
        ]
        payrolls = Payroll.objects.visible_to(user).filter(month=month)
        payroll = {
            "month": month,
            "url": month_url,
            "district": False,
            "districts": Area.objects.filter(
                level=Level.DISTRICT, code__startswith=user.area_id or ""
            ).count(),
            "computed": payrolls.count(),
            "approved": payrolls.filter(status=PayrollStatus.APPROVED).count(),
        }
    elif role == Role.CHILD_DIRECTOR:
        running = apps.filter(status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.VERIFIED])
        items = [PanelItem(_("办理中的认定申请"), running.count(), url)]
    return {"benefits_panel": {"items": items, "payroll": payroll}}
