"""Menu entries, home panels and "您可以" lines of outreach, registered from
OutreachConfig.ready() (accounts imports no app)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Role
from childwelfare.accounts.home import PanelItem, register_ability, register_home_panel
from childwelfare.accounts.menu import in_namespace, register_menu_item
from childwelfare.accounts.policy import has_role

from . import permissions


def _staff_outreach(user) -> bool:
    return permissions.can_read_publicity(user)


def _liaison_casebook(user) -> bool:
    return permissions.can_read_casebook(user) and not permissions.can_read_publicity(user)


def reviewer_panel_context(user, today) -> dict | None:
    """The reviewer's home panel: assignments waiting for scores, scored, all (one query)."""
    if not permissions.is_reviewer(user):
        return None
    from .views.reviews import review_counts

    counts = review_counts(user)
    url = reverse("outreach:my_reviews")
    return {
        "reviews_panel": {
            "items": [
                PanelItem(str(_("待评分")), counts["todo"], f"{url}?state=todo", urgent=True),
                PanelItem(str(_("已评分")), counts["done"], f"{url}?state=done"),
                PanelItem(str(_("全部评审任务")), counts["total"], url),
            ]
        }
    }


def register_pages() -> None:
    register_menu_item(
        _("宣传与案例"), "outreach:campaign_list", _staff_outreach, active=in_namespace("outreach"), order=60
    )
    register_menu_item(_("案例库"), "outreach:casebook", _liaison_casebook, order=61)
    register_menu_item(_("评审任务"), "outreach:my_reviews", permissions.is_reviewer, order=62)
    register_home_panel("outreach/_reviews_panel.html", reviewer_panel_context, order=70)

    def role(*roles):
        return lambda user: has_role(user, *roles)

    register_ability(
        _("组织六月未成年人保护宣传月，汇总各区和成员单位的宣传活动"),
        "outreach:campaign_list",
        role(Role.CITY_ADMIN),
        order=60,
    )
    register_ability(
        _("登记本区的宣传活动场次"), "outreach:campaign_list", role(Role.DISTRICT_OFFICER), order=61
    )
    register_ability(
        _("发起优秀案例及项目征集，分配评审，公布评选结果"),
        "outreach:call_list",
        role(Role.CITY_ADMIN),
        order=62,
    )
    register_ability(
        _("申报优秀案例和项目（案例须匿名）"), "outreach:call_list", role(Role.DISTRICT_OFFICER), order=63
    )
    register_ability(_("为分配给您的申报材料打分"), "outreach:my_reviews", permissions.is_reviewer, order=64)
    register_ability(
        _("查阅案例库：按类别、问题、措施和关键词查找优秀案例"),
        "outreach:casebook",
        permissions.can_read_casebook,
        order=65,
    )
