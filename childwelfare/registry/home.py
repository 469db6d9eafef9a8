"""The child-file panel of the home page: the user's area at a glance — children by category
as of today, possible duplicates and recent changes — from a handful of aggregate queries."""

from datetime import date

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import EXPLAINED_ROLES
from childwelfare.accounts.home import PanelItem
from childwelfare.accounts.permissions import can_edit_children, can_read_children

from .choices import Category
from .filters import children_holding, duplicate_pairs
from .models import CategorySpell, Child
from .timeline import recent_changes


def child_file_summary(user, today: date) -> dict | None:
    """Figures of the children visible to `user` as of today: total, in any category, per
    category (every category, zero included, in the order of Category), possible duplicate
    pairs (same name and birth date under different ID numbers) and recent changes."""
    if not can_read_children(user) or user.role in EXPLAINED_ROLES:
        return None
    visible = Child.objects.visible_to(user)
    counts = dict(
        CategorySpell.objects.visible_to(user)
        .held_on(today)
        .order_by()
        .values_list("category")
        .annotate(n=Count("child_id", distinct=True))
    )
    open_files = visible.open_files()  # a closed file is in no figure (issue 9)
    duplicates = duplicate_pairs(open_files).aggregate(groups=Count("name"), children=Sum("n"))
    return {
        "today": today,
        "may_edit": can_edit_children(user),
        "total": open_files.count(),
        "in_any_category": open_files.filter(pk__in=children_holding(today)).count(),
        "by_category": [
            {"code": code, "label": label, "count": counts.get(code, 0)} for code, label in Category.choices
        ],
        "duplicate_groups": duplicates["groups"] or 0,
        "duplicate_children": duplicates["children"] or 0,
        "recent": recent_changes(visible, limit=10),
    }


def transfer_panel(user, today: date) -> dict | None:
    """Transfers of children (迁移, issue 9): for the receiving officer, the children waiting
    to be accepted into the user's area (registry.transfers.incoming_transfers); for whoever
    edits the child file, the children proposed out of it and not yet accepted. Two count
    queries; None when both are zero (the list is also linked from each child's page)."""
    from django.urls import reverse

    from childwelfare.accounts import policy
    from childwelfare.accounts.permissions import can_edit_children

    from .choices import TransferStatus
    from .models import ChildTransfer
    from .permissions import can_decide_transfer
    from .transfers import incoming_transfers

    if not can_edit_children(user):
        return None
    url = reverse("registry:transfer_list")
    items = []
    if can_decide_transfer(user):
        waiting = incoming_transfers(user).count()
        if waiting:
            items.append(PanelItem(_("待接收的迁入"), waiting, url, True))
    prefix = policy.area_prefix(user) or ""
    proposed = (
        ChildTransfer.objects.visible_to(user)
        .filter(status=TransferStatus.PROPOSED, from_area__code__startswith=prefix)
        .count()
    )
    if proposed:
        items.append(PanelItem(_("已提出待对方接收的迁出"), proposed, url))
    return {"transfer_items": items} if items else None
