"""The case section of the home page (issue 10, caseflow): my open cases, approvals waiting
for me, and for a department liaison the open actions of their department."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from childwelfare.accounts.home import PanelItem
from childwelfare.accounts.policy import has_role

from .. import permissions
from ..choices import ActionStatus, CaseStatus
from ..forms.caseflow import awaiting_decision
from ..models import Case, CaseAction


def home_panel_context(user, today: date) -> dict | None:
    """{"cases_panel": {"items": [PanelItem…]}}, or None when the user has nothing here.
    At most three count queries."""
    items: list[PanelItem] = []
    if permissions.is_department_liaison(user):
        actions = CaseAction.objects.visible_to(user).filter(
            status__in=(ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
        )
        items.append(
            PanelItem(_("本部门待办的个案任务"), actions.count(), reverse("cases:department_actions"))
        )
        items.append(
            PanelItem(
                _("已超期的个案任务"),
                actions.filter(due_on__lt=today).count(),
                reverse("cases:department_actions"),
                True,
            )
        )
    elif permissions.can_read_cases(user) and user.area_id:
        mine = Case.objects.visible_to(user).filter(worker=user).exclude(status=CaseStatus.CLOSED).count()
        items.append(
            PanelItem(_("我负责的在办个案"), mine, reverse("cases:case_list") + f"?worker={user.pk}")
        )
        if has_role(user, permissions.APPROVER_ROLES):
            waiting = awaiting_decision(user).values("case_id").distinct().count()
            items.append(
                PanelItem(_("待我审批的个案事项"), waiting, reverse("cases:case_list") + "?awaiting=on", True)
            )
    return {"cases_panel": {"items": items}} if items else None
