"""The conference panel of the home page (会商, issue 10): for the office that convenes, the
overdue actions of its conferences (escalated to the convener, each with its 督办 link); for
a department liaison, their department's conference actions: open, overdue, reminded."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from childwelfare.accounts.choices import Role
from childwelfare.accounts.home import PanelItem

from .. import permissions
from ..choices import ActionStatus
from ..models import CaseAction, Conference
from ..services.conference import overdue_actions

OVERDUE_SHOWN = 10


def conference_panel_context(user, today: date) -> dict | None:
    """{"conference_panel": {"items": [PanelItem…], "overdue": [CaseAction…]}} or None when
    the user has nothing in conferences. A fixed number of queries."""
    if not permissions.can_read_conferences(user) or user.role == Role.AUDITOR:
        return None
    url = reverse("cases:conference_list")
    actions = CaseAction.objects.visible_to(user).filter(decision__isnull=False)
    running = actions.filter(status__in=[ActionStatus.OPEN, ActionStatus.IN_PROGRESS])
    late = overdue_actions(running)
    if user.role == Role.DEPARTMENT_LIAISON and not user.is_superuser:
        items = [
            PanelItem(_("本部门会商任务未完成"), running.count(), url),
            PanelItem(_("本部门会商任务已逾期"), late.count(), url + "?overdue=on", True),
            PanelItem(_("被督办的会商任务"), running.filter(reminder_count__gt=0).count(), url, True),
        ]
        return {"conference_panel": {"items": items, "overdue": [], "liaison": True}}
    # The convener's: actions of the conferences their office convened.
    convened = Conference.objects.visible_to(user)
    late = late.filter(decision__item__conference__in=convened)
    overdue = list(
        late.select_related("case", "decision__item__conference").order_by("due_on", "pk")[:OVERDUE_SHOWN]
    )
    items = [
        PanelItem(_("安排中的会商"), convened.filter(status="planned").count(), url + "?status=planned"),
        PanelItem(_("会商任务已逾期"), late.count(), url + "?overdue=on", True),
    ]
    return {"conference_panel": {"items": items, "overdue": overdue, "liaison": False}}
