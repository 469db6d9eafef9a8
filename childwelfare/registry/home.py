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
    """The receiving officer's figure: children waiting to be accepted into the user's area
    (registry.transfers.incoming_transfers; one count query). None for anyone who decides no
    transfers or has none waiting."""
    from django.urls import reverse

    from .permissions import can_decide_transfer
    from .transfers import incoming_transfers

    if not can_decide_transfer(user):
        return None
    waiting = incoming_transfers(user).count()
    if not waiting:
        return None
    return {
        "transfer_items": [PanelItem(_("待接收的迁入"), waiting, reverse("registry:transfer_list"), True)]
    }
