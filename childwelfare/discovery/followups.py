"""What follows a saved visit or screening (issue 10: ticking a violence or abuse item
prompts a mandatory report). Discovery knows no case module: a module above it registers a
follow-up `followup(request, child, item_ids) -> None` (usually adding a message with a link)
from its AppConfig.ready(); the visit and screening pages call run_visit_followups after a
successful save."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import ngettext

VisitFollowup = Callable[..., None]
_FOLLOWUPS: list[VisitFollowup] = []


def register_visit_followup(followup: VisitFollowup) -> None:
    """Add a follow-up (once)."""
    if followup not in _FOLLOWUPS:
        _FOLLOWUPS.append(followup)


def run_visit_followups(request, child, item_ids: Iterable[int]) -> None:
    """Call every follow-up for a visit of `child` that ticked the risk items `item_ids`."""
    ids = list(item_ids)
    for followup in _FOLLOWUPS:
        followup(request, child, ids)


def problems_raised_text(raised: int) -> str:
    """' 已登记问题 N 个。' (English '1 problem recorded.' / 'N problems recorded.'), to append to a
    saved visit's message when it raised `raised` problems; '' when it raised none."""
    if not raised:
        return ""
    return " " + ngettext("已登记问题 %(count)d 个。", "已登记问题 %(count)d 个。", raised) % {
        "count": raised
    }
