"""Care measures (帮扶措施) of a child."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.dates import check_event_date
from childwelfare.lib.versions import stale_error
from childwelfare.registry.models import Child
from childwelfare.workflow.services import transition

from .. import permissions
from ..choices import MeasureStatus
from ..models import (
    CareMeasure,
)
from .common import _ERRORS, ConflictError, DiscoveryError

# ---- care measures -----------------------------------------------------------------------


@transaction.atomic
def add_care_measure(
    *,
    child: Child,
    actor,
    measure_type: str,
    provider_kind: str,
    provider_name: str,
    start_date: date,
    end_date: date | None = None,
    description: str = "",
    status: str = MeasureStatus.ACTIVE,
) -> CareMeasure:
    if not permissions.can_manage_care(actor, child.area_id):
        raise DiscoveryError(_("您不能为该儿童登记帮扶措施"), code="cannot_manage_care")
    # A planned measure may start later; one under way has started (issue 8 item 16).
    check_event_date(
        start_date,
        label=_("开始日期"),
        field="start_date",
        birth_date=child.birth_date,
        planned=status == MeasureStatus.PLANNED,
        error=DiscoveryError,
    )
    if end_date and end_date < start_date:
        raise DiscoveryError(_("结束日期早于开始日期"), code="end_before_start", field="end_date")
    if not provider_name.strip():
        raise DiscoveryError(_("请填写提供方"), code="provider_missing", field="provider_name")
    return CareMeasure.objects.create(
        child=child,
        measure_type=measure_type,
        provider_kind=provider_kind,
        provider_name=provider_name.strip(),
        start_date=start_date,
        end_date=end_date,
        description=description,
        status=status,
        created_by=actor,
    )


@transaction.atomic
def end_care_measure(
    measure: CareMeasure, *, actor, end_date: date, outcome: str, expected_version: int | None = None
) -> CareMeasure:
    """End a planned or active care measure on `end_date` with its outcome. Raises
    DiscoveryError (no permission, an end before the start, a measure already ended) and
    ConflictError (code "stale_version") when `expected_version`, the version the page
    showed, is no longer the measure's (issue 8, item 4)."""
    if not permissions.can_manage_care(actor, measure.child.area_id):
        raise DiscoveryError(_("您不能修改该帮扶措施"), code="cannot_manage_care")
    if expected_version is not None and measure.version != expected_version:
        raise stale_error(measure, measure.version, conflict=ConflictError)
    if end_date < measure.start_date:
        raise DiscoveryError(_("结束日期早于开始日期"), code="end_before_start", field="end_date")
    check_event_date(end_date, label=_("结束日期"), field="end_date", error=DiscoveryError)
    return transition(
        measure,
        MeasureStatus.ENDED,
        actor=actor,
        reason=outcome,
        expected_version=expected_version,
        **_ERRORS,
        end_date=end_date,
        outcome=outcome,
    )
