"""The access log as an export (lib.exporting): the rows of the log page for the same
filters, each naming what was seen (views.name_entries, per chunk of rows)."""

from __future__ import annotations

from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.exporting import (
    CHUNK_SIZE,
    DATE,
    INT,
    Column,
    ExportList,
    Selection,
    choice_label,
    describe_filters,
    in_chunks,
    register_export,
)

from .models import AccessAction
from .permissions import can_read_access_log


def _entries(user, query) -> Selection:
    from .views import listed_entries

    form, entries = listed_entries(user, query)
    selection = Selection.of_user(entries, user, filters=describe_filters(form), as_of=timezone.localdate())
    selection.extra["viewer"] = user
    return selection


def _named_rows(selection: Selection):
    """The entries in chunks, each chunk's objects and areas named in bulk."""
    from .views import name_entries

    rows = in_chunks(selection.queryset)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        name_entries(chunk, selection.extra["viewer"])
        yield from chunk


def _what(entry) -> str:
    return entry.label or f"{entry.object_type} {entry.object_id}".strip()


register_export(
    ExportList(
        key="access_log",
        title=_("访问日志"),
        filename=_("访问日志"),
        columns=[
            Column(_("时间"), lambda e: f"{timezone.localtime(e.at):%Y-%m-%d %H:%M:%S}", width=20),
            Column(_("日期"), lambda e: timezone.localdate(e.at), kind=DATE),
            Column(_("用户"), lambda e: str(e.user) if e.user else "", width=10),
            Column(_("操作"), lambda e: choice_label(AccessAction)(e.action), width=14),
            Column(_("对象"), _what, width=30),
            Column(_("说明"), lambda e: e.detail, width=50),
            Column(_("数据所属区划"), lambda e: e.area_name, width=16),
            Column(_("行数"), lambda e: e.row_count, kind=INT),
            Column(_("IP地址"), lambda e: e.ip_address or "", width=16),
        ],
        select=_entries,
        allowed=can_read_access_log,
        rows=_named_rows,
    )
)
