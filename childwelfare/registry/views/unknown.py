"""Pages of the unknown-identity child (issue 10; registry.unknown_identity): registration of
a provisional file, its photo (served through scope, never from the web root), completion
with an ID number — or, when the number is already registered, the way to merge into that
child's file — and the city administrator's undo of a merge (registry.unmerging)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.errors import ConflictError, DomainError
from childwelfare.lib.idnumber import keyed_hash
from childwelfare.lib.uploads import oversize_response
from childwelfare.submissions.once import submits_once

from ..choices import FileStatus
from ..merging import can_merge
from ..models import Child, MergeRecord
from ..unknown_forms import CompleteIdentityForm, UnknownChildForm, UnmergeForm
from ..unknown_identity import can_register_unknown_child, complete_identity, register_unknown_child
from ..unmerging import UnmergeRefused, can_unmerge, unmerge


@page_for(can_register_unknown_child)
@submits_once
def unknown_child_create(request):
    if (refused := oversize_response(request)) is not None:
        return refused
    form = UnknownChildForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = register_unknown_child(
                actor=request.user,
                area=data["area"],
                gender=data["gender"],
                estimated_birth_year=data["estimated_birth_year"],
                found_place=data["found_place"],
                found_on=data["found_on"],
                descriptors=data["descriptors"],
                name=data["name"],
                photo=data["photo"],
            )
        except DomainError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已登记身份不明儿童的临时档案"))
            return redirect("registry:child_detail", pk=child.pk)
    return render(request, "registry/unknown_child_form.html", {"form": form})


@login_required
def child_photo(request, pk):
    """The photo of a child's file, to those who see the child (outside scope 404)."""
    child = get_visible_or_404(Child, request.user, pk=pk)
    if not child.photo:
        raise Http404
    try:
        handle = child.photo.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    log_access(user=request.user, action=AccessAction.DOWNLOAD, obj=child, detail="照片", request=request)
    content_type = mimetypes.guess_type(child.photo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def child_complete_identity(request, pk):
    child = get_visible_or_404(Child.objects.select_related("area"), request.user, pk=pk)
    deny_unless(can_register_unknown_child(request.user, child.area_id))
    if not child.identity_unknown or child.status != FileStatus.OPEN:
        messages.info(request, _("该儿童身份已明确"))
        return redirect("registry:child_detail", pk=child.pk)
    form = CompleteIdentityForm(request.POST or None, record=child)
    registered = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        number = data["id_number"]
        try:
            complete_identity(
                child,
                actor=request.user,
                id_number=data["id_number"],
                name=data["name"],
                expected_version=form.seen_version,
            )
        except ConflictError as exc:
            child.refresh_from_db()
            form.show_conflict(exc, child)
        except DomainError as exc:
            form.add_service_error(exc)
            if exc.code == "id_number_taken":
                registered = _registered_with(request.user, number)
        else:
            messages.success(request, _("已补录身份证号，身份不明标记已解除"))
            return redirect("registry:child_detail", pk=child.pk)
    return render(
        request,
        "registry/complete_identity.html",
        {
            "child": child,
            "form": form,
            "registered": registered,
            "may_merge": registered is not None and can_merge(request.user, registered.area_id),
        },
    )


def _registered_with(user, number: str) -> Child | None:
    """The visible child already holding `number` (the merge target), or None."""
    from django.conf import settings

    from childwelfare.lib.idnumber import IDNumberError, parse

    try:
        parsed = parse(number).number
    except IDNumberError:
        return None
    return Child.objects.visible_to(user).filter(id_hash=keyed_hash(parsed, settings.ID_HASH_KEY)).first()


@require_POST
@login_required
def merge_undo(request, pk):
    """撤销合并 (POST): the city administrator, with a reason; refused with every reason."""
    record = get_visible_or_404(MergeRecord.objects.select_related("survivor", "merged"), request.user, pk=pk)
    deny_unless(can_unmerge(request.user, record))
    form = UnmergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤销合并的原因"))
        return redirect("registry:child_detail", pk=record.survivor_id)
    try:
        unmerge(record, actor=request.user, reason=form.cleaned_data["reason"])
    except UnmergeRefused as exc:
        messages.error(request, _("不能撤销该合并：%(reasons)s") % {"reasons": "；".join(exc.reasons)})
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已撤销合并，两份档案已分开"))
    return redirect("registry:child_detail", pk=record.survivor_id)
