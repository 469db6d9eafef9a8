"""Case management lists as exports (lib.exporting), each from the same rows as its page.

# --- caseflow: the case list ----------------------------------------------------------------
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.discovery.choices import Colour
from childwelfare.lib.exporting import (
    DATE,
    ID_NUMBER,
    Column,
    ExportList,
    Selection,
    choice_label,
    describe_filters,
    register_export,
)

from . import permissions
from .choices import CaseSource, CaseStatus


def _cases(user, query) -> Selection:
    from .views.caseflow import listed_cases

    form, cases = listed_cases(user, query)
    return Selection.of_user(cases, user, filters=describe_filters(form), as_of=timezone.localdate())


def _person(user) -> str:
    return user.display_name if user else ""


register_export(
    ExportList(
        key="cases",
        title=_("个案清单"),
        filename=_("个案清单"),
        columns=[
            Column(_("个案编号"), lambda c: c.number, width=18),
            Column(_("儿童"), lambda c: c.child.name, width=10),
            Column(_("身份证号"), lambda c: c.child.id_number, kind=ID_NUMBER),
            Column(_("所属社区"), lambda c: c.child.area.name, width=16),
            Column(_("风险颜色"), lambda c: choice_label(Colour)(c.child.latest_colour), width=10),
            Column(_("状态"), lambda c: choice_label(CaseStatus)(c.status), width=10),
            Column(_("案件来源"), lambda c: choice_label(CaseSource)(c.source), width=16),
            Column(
                _("重点个案分类"),
                lambda c: "、".join(k.get_key_class_display() for k in c.key_classes.all()),
                width=24,
            ),
            Column(_("个案工作者"), lambda c: _person(c.worker), width=10),
            Column(_("督导"), lambda c: _person(c.supervisor), width=10),
            Column(_("立案日期"), lambda c: c.opened_on, kind=DATE),
            Column(_("结案日期"), lambda c: c.closed_on, kind=DATE),
        ],
        select=_cases,
        allowed=permissions.can_read_cases,
    )
)
