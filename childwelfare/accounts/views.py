"""The home page, "我的工作": what the signed-in user works on.

Roles that read the child file (DOMAIN.md §9) see their area at a glance: children by
category as of today, recent changes and possible duplicates, all from a handful of
aggregate queries. Liaisons, reviewers and auditors get a short page saying what they can do.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import render
from django.utils import timezone

from .choices import Role
from .permissions import can_edit_children, can_read_children

# Roles whose home page explains their work instead of showing area figures.
EXPLAINED_ROLES = {Role.DEPARTMENT_LIAISON, Role.REVIEWER, Role.AUDITOR}


def child_file_summary(user) -> dict:
    """Figures of the children visible to `user` as of today: total, in any category, per
    category (every category, zero included, in the order of Category), possible duplicate
    pairs (same name and birth date under different ID numbers) and recent changes."""
    from childwelfare.registry.choices import Category
    from childwelfare.registry.filters import children_holding, duplicate_pairs
    from childwelfare.registry.models import CategorySpell, Child
    from childwelfare.registry.timeline import recent_changes

    today = timezone.localdate()
    visible = Child.objects.visible_to(user)
    counts = dict(
        CategorySpell.objects.visible_to(user)
        .active_on(today)
        .order_by()
        .values_list("category")
        .annotate(n=Count("child_id", distinct=True))
    )
    duplicates = duplicate_pairs(visible).aggregate(groups=Count("name"), children=Sum("n"))
    return {
        "today": today,
        "total": visible.count(),
        "in_any_category": visible.filter(pk__in=children_holding(today)).count(),
        "by_category": [
            {"code": code, "label": label, "count": counts.get(code, 0)} for code, label in Category.choices
        ],
        "duplicate_groups": duplicates["groups"] or 0,
        "duplicate_children": duplicates["children"] or 0,
        "recent": recent_changes(visible, limit=10),
    }


@login_required
def home(request):
    user = request.user
    context = {
        "may_read": can_read_children(user),
        "may_edit": can_edit_children(user),
        "explained": user.role in EXPLAINED_ROLES,
    }
    if context["may_read"] and not context["explained"]:
        context.update(child_file_summary(user))
    return render(request, "accounts/home.html", context)
