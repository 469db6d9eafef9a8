"""Steps 2 and 3 on many screening records at once (issue 9, batch work): the supervisor
verifies, the district officer confirms, the ticked records or every record of the work
list matching its filter (all pages). Each record goes through the same service as its own
button (services.verify_record / confirm_record: the same rules, the version the user saw),
in its own transaction (lib.batch.run_each); the summary names what was done and what was
skipped, grouped by reason. A record that changed after the page was shown is skipped
(状态已变化), never acted on unseen. The form carries a one-time token: a second submit does
nothing (submissions.once)."""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST

from childwelfare.access.guards import page_for
from childwelfare.lib import batch
from childwelfare.submissions.once import submits_once

from .. import permissions, services
from ..choices import CampaignStatus, RecordStatus
from ..forms import WorkFilterForm
from ..models import Campaign
from ..services import ConflictError
from .common import next_url
from .work import needs_revisit, running_records

# Why a record was skipped, by the rule's code: one line per kind in the summary.
CHANGED = ("stale_version", "conflict", "illegal_transition")


def skip_reason(record, error) -> str:
    """The summary's group for a refused record (text in the active language)."""
    if isinstance(error, ConflictError) or error.code in CHANGED:
        return _("状态已变化（他人已先处理或记录已更新）")
    if error.code == "revisit_mismatch":
        return _("抽样复访颜色与排查不一致，须先处理")
    if error.code == "revisit_required":
        return _("被抽中复核，须先完成抽样复访")
    if error.code in ("cannot_verify", "cannot_confirm"):
        return _("不在您的职责范围内")
    return str(error)


def _seen_at(request) -> datetime | None:
    """When the work list was shown (the form's `as_of`), or None."""
    value = parse_datetime(request.POST.get("as_of", ""))
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _chosen(request, candidates, stamp_field: str):
    """[(record, version seen)] and the outcome so far (records not found).

    `records` values are "pk:version" (the ticked boxes). With `select=matching`, every
    candidate matching the work list's filter (campaign, area, q posted again) instead, at
    its current version; one whose step (`stamp_field`) came after the page was shown
    (`as_of`) counts as changed and is skipped."""
    outcome = batch.BatchOutcome()
    related = candidates.select_related("child", "campaign")
    if request.POST.get("select") == "matching":
        user = request.user
        campaigns = list(Campaign.objects.visible_to(user).filter(status=CampaignStatus.RUNNING))
        form = WorkFilterForm(request.POST, campaigns=campaigns, user=user)
        records = list(form.apply(related).order_by("area_id", "child__name", "pk"))
        seen_at = _seen_at(request)
        chosen = []
        for record in records:
            stamp = getattr(record, stamp_field)
            if seen_at is None or (stamp is not None and stamp > seen_at):
                outcome.skip(_("状态已变化（他人已先处理或记录已更新）"), record.child.name)
            else:
                chosen.append((record, record.version))
        return chosen, outcome
    wanted: dict[int, list[int]] = {}
    for value in request.POST.getlist("records"):
        pk, _sep, version = value.partition(":")
        if pk.isdigit() and version.isdigit():
            wanted.setdefault(int(pk), []).append(int(version))
    found = running_records(request.user).select_related("child", "campaign").in_bulk(list(wanted))
    chosen = []
    for pk, versions in wanted.items():
        record = found.get(pk)
        if record is None:
            outcome.skip(_("不存在或不在您的辖区"), _("记录 %(pk)s") % {"pk": pk})
            continue
        chosen.extend((record, version) for version in versions)
    return chosen, outcome


def _run(request, chosen, outcome, step):
    """Each (record, version) through `step` (a service), in order; the same record ticked
    twice is run twice, the second time as a stale version."""

    def act(item):
        record, version = item
        record.refresh_from_db()
        step(record, actor=request.user, expected_version=version)

    return batch.run_each(
        chosen,
        act,
        name=lambda item: item[0].child.name,
        reason=lambda item, error: skip_reason(item[0], error),
        outcome=outcome,
    )


def _may_verify(user) -> bool:
    return permissions.can_verify(user, user.area_id or "")


def _may_confirm(user) -> bool:
    return permissions.can_confirm(user, user.area_id or "")


@require_POST
@page_for(_may_verify)
@submits_once
def verify_many(request):
    """The supervisor verifies the ticked (or all matching) screened records."""
    candidates = running_records(request.user).filter(status=RecordStatus.SCREENED)
    chosen, outcome = _chosen(request, candidates, "screened_at")
    outcome = _run(request, chosen, outcome, services.verify_record)
    batch.report(
        request,
        outcome,
        done=ngettext_lazy("已核实 %(count)d 条记录。", "已核实 %(count)d 条记录。", "count"),
        skipped=ngettext_lazy("%(count)d 条记录未能核实：", "%(count)d 条记录未能核实：", "count"),
    )
    return redirect(next_url(request, reverse("discovery:work")))


@require_POST
@page_for(_may_confirm)
@submits_once
def confirm_many(request):
    """The district officer confirms the ticked (or all matching) verified records; those
    drawn for the sample and not yet re-visited are not in the list to confirm."""
    candidates = running_records(request.user).filter(status=RecordStatus.VERIFIED).exclude(needs_revisit())
    chosen, outcome = _chosen(request, candidates, "verified_at")
    outcome = _run(request, chosen, outcome, services.confirm_record)
    batch.report(
        request,
        outcome,
        done=ngettext_lazy("已确认 %(count)d 条记录。", "已确认 %(count)d 条记录。", "count"),
        skipped=ngettext_lazy("%(count)d 条记录未能确认：", "%(count)d 条记录未能确认：", "count"),
    )
    return redirect(next_url(request, reverse("discovery:work")))
