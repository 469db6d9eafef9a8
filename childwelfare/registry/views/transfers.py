"""迁移管理: the transfers of children into and out of the user's area (issue 9). The receiving
district's officer accepts or refuses each incoming one, reading the child's basic file on
this page (registry.transfers.basic_file); the sending side withdraws its own proposals."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts import policy
from childwelfare.accounts.permissions import can_edit_children, can_read_children
from childwelfare.lib.paging import paginate
from childwelfare.submissions.once import submits_once

from ..choices import TransferStatus
from ..forms import TransferDecisionForm
from ..models import ChildTransfer
from ..permissions import can_decide_transfer, can_propose_transfer
from ..services import RegistryConflict, RegistryError
from ..transfers import accept_transfer, basic_file, cancel_transfer, incoming_transfers, refuse_transfer

DONE = {
    "accept": _("已接收迁移，儿童档案已转入"),
    "refuse": _("已拒绝迁移"),
    "cancel": _("已撤回迁移"),
}


def _decide(request, form) -> str | None:
    """Run the chosen action on the chosen transfer; the message to show, or None (errors are
    added to `form`). A transfer outside the user's scope is a 404."""
    data = form.cleaned_data
    transfer = get_visible_or_404(
        ChildTransfer.objects.select_related("from_area", "to_area"), request.user, pk=data["transfer"]
    )
    version = data.get("version")
    try:
        if data["action"] == "accept":
            accept_transfer(transfer, actor=request.user, expected_version=version)
        elif data["action"] == "refuse":
            refuse_transfer(
                transfer, actor=request.user, reason=data.get("reason", ""), expected_version=version
            )
        else:
            cancel_transfer(transfer, actor=request.user, expected_version=version)
    except (RegistryError, RegistryConflict) as exc:
        form.add_error(None, str(exc))  # shown above the list; the typed reason is kept
        return None
    return str(DONE[data["action"]])


@page_for(can_read_children)
@submits_once
def transfer_list(request):
    """Incoming pending transfers (with the child's basic file and the decision buttons for
    the receiving officer), then every other transfer of the user's area, newest first."""
    user = request.user
    form = TransferDecisionForm()
    failed_pk = None
    if request.method == "POST":
        deny_unless(can_edit_children(user))
        form = TransferDecisionForm(request.POST)
        if form.is_valid():
            message = _decide(request, form)
            if message:
                messages.success(request, message)
                return redirect("registry:transfer_list")
            failed_pk = form.cleaned_data["transfer"]
    today = timezone.localdate()
    incoming = list(incoming_transfers(user))
    for transfer in incoming:
        transfer.basic = basic_file(transfer, on=today)
        transfer.may_decide = can_decide_transfer(user, transfer.to_area_id)
    prefix = policy.area_prefix(user) or ""
    others = (
        ChildTransfer.objects.visible_to(user)
        .exclude(pk__in=[transfer.pk for transfer in incoming])
        .select_related("child", "from_area", "to_area", "proposed_by", "decided_by")
        .annotate(
            pending=Case(
                When(status=TransferStatus.PROPOSED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("pending", "-proposed_at", "-pk")
    )
    page = paginate(request, others)
    for transfer in page.object_list:
        transfer.outgoing = transfer.from_area_id.startswith(prefix)
        transfer.may_cancel = (
            transfer.status == TransferStatus.PROPOSED
            and transfer.outgoing
            and can_propose_transfer(user, transfer.from_area_id)
        )
    context = {"incoming": incoming, "page": page, "form": form, "failed_pk": failed_pk}
    return render(request, "registry/transfer_list.html", context)
