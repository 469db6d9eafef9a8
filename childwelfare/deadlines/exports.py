"""The work list (到期事项) as an export (lib.exporting): the page's own rows and order."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.exporting import (
    DATE,
    INT,
    Column,
    ExportList,
    Selection,
    describe_filters,
    in_chunks,
    register_export,
)

from . import permissions


def _select(user, query) -> Selection:
    from .worklist import listed_deadlines

    form, thresholds, items = listed_deadlines(user, query, timezone.now())
    selection = Selection.of_user(items, user, filters=describe_filters(form), as_of=timezone.localdate())
    selection.extra.update(thresholds=thresholds)
    return selection


def _rows(selection: Selection):
    from .views import describe
    from .worklist import with_subjects

    chunk: list = []
    for deadline in in_chunks(selection.queryset):
        chunk.append(deadline)
        if len(chunk) == 500:
            yield from _described(chunk, selection, with_subjects, describe)
            chunk = []
    yield from _described(chunk, selection, with_subjects, describe)


def _described(chunk, selection, with_subjects, describe):
    for deadline in with_subjects(chunk):
        describe(deadline, selection.extra["thresholds"])
        yield deadline


register_export(
    ExportList(
        key="deadlines",
        title=_("到期事项"),
        filename=_("到期事项"),
        columns=[
            Column(_("事项"), lambda d: d.shown_label, width=20),
            Column(_("对象"), lambda d: d.subject_text, width=24),
            Column(_("区划代码"), lambda d: d.area_code, width=14),
            Column(_("到期日"), lambda d: d.due_on, kind=DATE),
            Column(_("逾期工作日"), lambda d: d.days_overdue, kind=INT),
            Column(_("剩余天数"), lambda d: d.days_left, kind=INT),
            Column(_("当前层级"), lambda d: str(d.level_role_label), width=12),
            Column(_("依据"), lambda d: str(d.rule_source), width=40),
        ],
        select=_select,
        allowed=permissions.can_read_worklist,
        rows=_rows,
    )
)
