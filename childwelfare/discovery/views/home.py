"""The discovery section of the home page ("我的工作"): for the user's role, what is due —
visits overdue or due this week, records to screen, verify, re-visit or confirm, problems to
handle. Rendered by the include `discovery/_home_panel.html` from `discovery_panel`."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from childwelfare.accounts.choices import Role
from childwelfare.accounts.home import PanelItem
from childwelfare.accounts.permissions import can_read_children

from .. import board
from ..choices import CampaignStatus, ProblemStatus, RecordStatus
from ..models import Campaign, Problem
from .visits import overdue_visits, visits_due_this_week
from .work import needs_revisit, running_records


def home_panel_context(user, today: date) -> dict:
    """{"discovery_panel": {"items": [PanelItem…]}} for the home page. A handful of count
    queries; roles with nothing in discovery get an empty list (the include shows nothing)."""
    items: list[PanelItem] = []
    role = getattr(user, "role", "")
    work = reverse("discovery:work")
    visits = reverse("discovery:visit_list")
    problems = reverse("discovery:problem_list")
    if can_read_children(user) and role in (
        Role.CHILD_DIRECTOR,
        Role.CHILD_SUPERVISOR,
        Role.DISTRICT_OFFICER,
        Role.STATION_STAFF,
    ):
        items.append(
            PanelItem(_("逾期未走访"), overdue_visits(user, today).count(), visits + "?list=overdue", True)
        )
        items.append(
            PanelItem(_("7天内应走访"), visits_due_this_week(user, today).count(), visits + "?list=week")
        )
    if role == Role.CHILD_DIRECTOR:
        records = running_records(user)
        items.append(
            PanelItem(_("被退回待重新排查"), records.filter(status=RecordStatus.RETURNED).count(), work, True)
        )
        items.append(PanelItem(_("待排查"), records.filter(status=RecordStatus.PENDING).count(), work))
    elif role == Role.CHILD_SUPERVISOR:
        records = running_records(user)
        items.append(PanelItem(_("待核实"), records.filter(status=RecordStatus.SCREENED).count(), work))
    elif role == Role.DISTRICT_OFFICER:
        verified = running_records(user).filter(status=RecordStatus.VERIFIED)
        items.append(PanelItem(_("待抽样复访"), verified.filter(needs_revisit()).count(), work))
        items.append(PanelItem(_("待确认"), verified.exclude(needs_revisit()).count(), work))
        visible = Problem.objects.visible_to(user)
        items.append(
            PanelItem(
                _("问题待核验"),
                visible.filter(status=ProblemStatus.SOLVED).count(),
                problems + "?status=solved",
            )
        )
        items.append(
            PanelItem(
                _("逾期问题"), board.overdue_problems(visible, today).count(), problems + "?overdue=on", True
            )
        )
    elif role == Role.CITY_ADMIN:
        items.append(
            PanelItem(
                _("进行中的专项排查"),
                Campaign.objects.visible_to(user).filter(status=CampaignStatus.RUNNING).count(),
                reverse("discovery:campaign_list"),
            )
        )
        items.append(
            PanelItem(
                _("逾期问题"),
                board.overdue_problems(Problem.objects.visible_to(user), today).count(),
                problems + "?overdue=on",
                True,
            )
        )
    elif role == Role.DEPARTMENT_LIAISON:
        visible = Problem.objects.visible_to(user)
        items.append(
            PanelItem(
                _("待办理问题"), visible.filter(status=ProblemStatus.OPEN).count(), problems + "?status=open"
            )
        )
        reminded = visible.filter(status=ProblemStatus.OPEN, reminder_count__gt=0).count()
        items.append(PanelItem(_("被催办的问题"), reminded, problems + "?status=open", True))
        items.append(
            PanelItem(
                _("逾期问题"), board.overdue_problems(visible, today).count(), problems + "?overdue=on", True
            )
        )
    return {"discovery_panel": {"items": items}}
