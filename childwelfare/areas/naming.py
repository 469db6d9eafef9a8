"""Community names as a list shows them: a name that more than one community in the user's
scope bears (新河社区 under three streets of one district) is shown with its street,
"新河社区（某某街道）" (issue 9)."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from .choices import Level
from .models import Area

_CACHE_ATTRIBUTE = "_community_streets"


def community_streets(user) -> dict[str, str]:
    """{community code: its street's name} for the communities in `user`'s scope
    (Area.objects.visible_to) whose name another community there bears too. One query."""
    visible = Area.objects.visible_to(user).filter(level=Level.COMMUNITY)
    repeated = visible.order_by().values("name").annotate(n=Count("code")).filter(n__gt=1).values("name")
    return dict(visible.filter(name__in=repeated).values_list("code", "parent__name"))


def streets_for_request(request) -> dict[str, str]:
    """community_streets(request.user), computed once per request."""
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    cached = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = community_streets(request.user)
        setattr(request, _CACHE_ATTRIBUTE, cached)
    return cached


def area_label(area, streets: dict[str, str]) -> str:
    """`area.name`, or "name（street）" when `area.code` is in `streets` (community_streets)."""
    if area is None:
        return ""
    street = streets.get(area.code)
    if street:
        return _("%(community)s（%(street)s）") % {"community": area.name, "street": street}
    return area.name
