"""The deadlines section of the home page: the user's overdue and soon-due items and, for
approvers, the changes waiting for them. Two queries."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from childwelfare.accounts.home import PanelItem

from . import permissions
from .changes import pending_for
from .worklist import Show, panel_counts


def home_panel_context(user, today: date) -> dict | None:
    """{"deadlines_panel": {"items": [PanelItem…]}}, or None for a role without a work list."""
    if not permissions.can_read_worklist(user):
        return None
    counts = panel_counts(user)
    url = reverse("deadlines:list")
    items = [
        PanelItem(_("已逾期"), counts["overdue"], f"{url}?show={Show.OVERDUE}", True),
        PanelItem(_("7天内到期"), counts["week"], f"{url}?show={Show.WEEK}"),
    ]
    if permissions.can_read_approvals(user):
        items.append(
            PanelItem(_("时限调整待审批"), pending_for(user).count(), reverse("deadlines:approvals"), True)
        )
    return {"deadlines_panel": {"items": items}}
