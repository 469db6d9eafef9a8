"""Staff pages of the child file: the list (with htmx partial updates; its .xlsx export is
registry.exports.CHILDREN),
the profile with its edit forms, and the logged reveal of a full ID number.

Every page starts from `Child.objects.visible_to(request.user)`: a child outside the user's
area is a 404, exactly like a missing one.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.access.scope import OutOfScope
from childwelfare.accounts.permissions import can_edit_children, can_read_children, can_view_full_id
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.submissions.once import submits_once

from ..choices import Category, FileStatus, ParentSituation, TransferStatus
from ..filters import ChildFilterForm, with_active_categories
from ..forms import (
    CategoryForm,
    ChildBasicForm,
    ChildTransferForm,
    CloseChildForm,
    EndCategoryForm,
    FamilyMemberForm,
    ParentConditionForm,
    ReopenChildForm,
)
from ..lifecycle import close_child, reopen_child
from ..links import links_for
from ..merging import can_merge
from ..models import CategorySpell, Child, ChildTransfer, ParentCondition
from ..permissions import can_close_child_file, can_propose_transfer, can_reopen_child_file
from ..querysets import ADULT_AGE
from ..services import (
    RegistryConflict,
    RegistryError,
    add_category,
    add_family_member,
    add_parent_condition,
    end_category,
    reveal_full_id,
    update_child,
)
from ..timeline import events_for
from ..transfers import propose_transfer
from ..unknown_identity import can_register_unknown_child
from ..unmerging import merge_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The child list's columns a user may sort by (lib.paging): names syllable by syllable
# (Child.name_sort), the age as the birth date reversed.
CHILD_SORTS = SortMap(
    {
        "name": ("name_sort", "name", "pk"),
        "birth": ("birth_date", "pk"),
        "age": ("-birth_date", "-pk"),
        "area": ("area_id", "name_sort", "pk"),
    },
    default="area",
)


@page_for(can_read_children)
def child_list(request):
    """Children visible to the user, filtered by the query string (filters.ChildFilterForm),
    sorted by CHILD_SORTS, 50 a page (or the chosen size). An htmx request gets only the
    results partial."""
    form = ChildFilterForm(request.GET, user=request.user)
    on = form.on_date
    children = form.apply(Child.objects.visible_to(request.user))
    children = with_active_categories(children.with_guardian_flag().select_related("area"), on)
    page = paginate(request, children, sorting=CHILD_SORTS.read(request))
    page.object_list = list(page.object_list)
    for child in page.object_list:
        child.age_shown = child.age_on(on)
        child.adult_shown = child.age_shown >= ADULT_AGE  # 已满18周岁: no category, schooling past
    context = {
        "form": form,
        "page": page,
        "on": on,
        "today": timezone.localdate(),
        "export_query": form.export_query(),
        "merged_hits": list(
            Child.objects.visible_to(request.user)
            .merged_matching(form._value("q") or "")
            .select_related("merged_into")
        ),
        "closed_hits": _closed_hits(request.user, form),
        "may_register_unknown": can_register_unknown_child(request.user),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    template = "registry/_child_results.html" if partial else "registry/child_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _closed_hits(user, form) -> int:
    """How many closed files a search of the open ones leaves out (QA: a search for a closed
    child said 没有符合筛选条件的记录 with no hint). One count, only when searching them."""
    q = form._value("q") if "q" not in form.errors else ""
    if not q or form._value("files"):
        return 0
    return Child.objects.visible_to(user).filter(status=FileStatus.CLOSED).search(q).count()


# --- profile ------------------------------------------------------------------------------


def _post_basic(request, child):
    form = ChildBasicForm(request.POST, child=child, user=request.user)
    child_had_id = bool(child.id_number)
    if form.is_valid():
        changes = form.changes()
        if not changes:
            return form, _("没有需要保存的修改")
        try:
            update_child(
                child,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.seen_version,
                **changes,
            )
        except RegistryConflict as exc:
            form.show_conflict(exc)
        except RegistryError as exc:
            add_to_form(form, exc)
        else:
            if changes.get("id_number") and not child_had_id:
                return form, _("身份证号已补录。如有未办结的户籍问题，请在“走访与帮扶”中办结。")
            return form, _("基本信息已保存")
    return form, None


def _post_member(request, child):
    form = FamilyMemberForm(request.POST)
    if form.is_valid():
        try:
            add_family_member(child=child, actor=request.user, **form.cleaned_data)
        except RegistryError as exc:
            add_to_form(form, exc)
        else:
            return form, _("家庭成员已添加")
    return form, None


def _post_condition(request, child):
    form = ParentConditionForm(request.POST, child=child)
    if form.is_valid():
        data = dict(form.cleaned_data)
        member = data.pop("member")
        try:
            add_parent_condition(member=member, actor=request.user, **data)
        except RegistryError as exc:
            add_to_form(form, exc)
        else:
            return form, _("父母情形已登记")
    return form, None


def _post_category(request, child):
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            add_category(child=child, actor=request.user, **form.cleaned_data)
        except RegistryError as exc:
            add_to_form(form, exc)
        else:
            return form, _("儿童类别已添加")
    return form, None


def _post_end_category(request, child):
    form = EndCategoryForm(request.POST, child=child)
    if form.is_valid():
        data = form.cleaned_data
        try:
            end_category(
                data["spell"],
                actor=request.user,
                end_date=data["end_date"],
                reason=data["end_reason"],
                expected_version=form.seen_version,
            )
        except RegistryConflict as exc:
            form.show_conflict(exc, record=data["spell"])
        except RegistryError as exc:
            add_to_form(form, exc)
        else:
            return form, _("儿童类别已终止")
    return form, None


def _post_close(request, child):
    form = CloseChildForm(request.POST, child=child)
    if form.is_valid():
        data = form.cleaned_data
        try:
            close_child(
                child,
                actor=request.user,
                reason=data["close_reason"],
                closed_on=data["closed_on"],
                note=data["close_note"],
                expected_version=form.seen_version,
            )
        except RegistryConflict as exc:
            form.show_conflict(exc)
        except RegistryError as exc:
            add_to_form(form, exc)
        else:
            return form, _("档案已结档")
    return form, None


def _post_reopen(request, child):
    form = ReopenChildForm(request.POST, child=child)
    if form.is_valid():
        try:
            reopened = reopen_child(
                child,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.seen_version,
            )
        except RegistryConflict as exc:
            form.show_conflict(exc)
        except RegistryError as exc:
            add_to_form(form, exc)
        else:
            if not reopened.resumed:
                return form, _("档案已恢复")
            names = _("、").join(str(Category(code).label) for code in reopened.resumed)
            return form, _("档案已恢复；恢复的儿童类别：%(names)s（涉及保障金的类别须经另一名干部复核）") % {
                "names": names
            }
    return form, None


def _post_transfer(request, child):
    form = ChildTransferForm(request.POST, child=child)
    if form.is_valid():
        try:
            propose_transfer(
                child,
                actor=request.user,
                to_area=form.cleaned_data["to_area"],
                reason=form.cleaned_data["reason"],
            )
        except RegistryError as exc:
            add_to_form(form, exc)
        else:
            return form, _("已提出迁移，待迁入地区民政部门接收")
    return form, None


POST_HANDLERS = {
    ChildBasicForm.form_name: _post_basic,
    FamilyMemberForm.form_name: _post_member,
    ParentConditionForm.form_name: _post_condition,
    CategoryForm.form_name: _post_category,
    EndCategoryForm.form_name: _post_end_category,
    CloseChildForm.form_name: _post_close,
    ReopenChildForm.form_name: _post_reopen,
    ChildTransferForm.form_name: _post_transfer,
}


def _blank_forms(child, user) -> dict:
    return {
        "basic": ChildBasicForm(child=child, user=user),
        "member": FamilyMemberForm(),
        "condition": ParentConditionForm(child=child),
        "category": CategoryForm(),
        "end_category": EndCategoryForm(child=child),
        "close": CloseChildForm(child=child),
        "reopen": ReopenChildForm(child=child),
        "transfer": ChildTransferForm(child=child),
    }


def _visible_child(request, pk) -> Child:
    return get_visible_or_404(
        Child.objects.select_related("area", "hukou_area", "merged_into"), request.user, pk=pk
    )


@login_required
@submits_once
def child_detail(request, pk):
    """The child's file. A POST carries a hidden `form` field naming which edit form was
    sent (basic, member, condition, category, end_category); success redirects back here,
    an error shows the form again with the message next to the field."""
    child = _visible_child(request, pk)
    user = request.user
    # A file merged into another is kept as it was (services refuse: file_merged).
    may_edit = can_edit_children(user) and child.status != FileStatus.MERGED
    open_form = ""
    open_spell = None
    forms = _blank_forms(child, user) if may_edit else {}
    if request.method == "POST":
        deny_unless(may_edit)
        name = request.POST.get("form", "")
        handler = POST_HANDLERS.get(name)
        if handler is None:
            return HttpResponseBadRequest(_("未知的表单"))
        form, message = handler(request, child)
        if message:
            messages.success(request, message)
            return redirect("registry:child_detail", pk=child.pk)
        # A refused update_child may have changed the object in memory before failing.
        child = _visible_child(request, pk)
        forms[name] = form
        open_form = name
        if name == EndCategoryForm.form_name:
            spell_id = request.POST.get("end_category-spell", "")
            open_spell = int(spell_id) if spell_id.isdigit() else None
    today = timezone.localdate()
    pending_transfer = (
        ChildTransfer.objects.filter(child=child, status=TransferStatus.PROPOSED)
        .select_related("to_area")
        .first()
    )
    family = list(
        child.family.prefetch_related(
            Prefetch("conditions", queryset=ParentCondition.objects.order_by("start_date"))
        )
    )
    for member in family:
        # Registered dead: shown as deceased, never as guardian (issue 8 item 16).
        member.deceased = any(
            c.situation == ParentSituation.DECEASED and c.start_date <= today for c in member.conditions.all()
        )
    spells = list(CategorySpell.objects.filter(child=child).order_by("-start_date", "category"))
    age = child.age_on(today)
    adult = age >= ADULT_AGE  # turning 18 ends every category (CategorySpellQuerySet.current_on)
    running = [spell for spell in spells if spell.active_on(today)]
    context = {
        "child": child,
        "today": today,
        "age": age,
        "adult": adult,
        "without_guardian": not adult
        and any(m.deceased for m in family)
        and not any(m.is_guardian and not m.deceased for m in family),
        "family": family,
        "current_spells": [] if adult else running,
        "past_spells": [spell for spell in spells if spell.end_date and spell.end_date < today]
        + (running if adult else []),
        "future_spells": [spell for spell in spells if spell.start_date > today],
        "events": events_for(child, user=user),
        "module_links": links_for(user, child),
        # issue 10: the unknown-identity child's panel and the merges naming this file
        "merge_rows": merge_rows(user, child),
        "may_complete_identity": child.identity_unknown
        and child.status == FileStatus.OPEN
        and can_register_unknown_child(user, child.area_id),
        "may_edit": may_edit,
        "may_close": may_edit
        and child.status == FileStatus.OPEN
        and can_close_child_file(user, child.area_id),
        "may_reopen": child.is_closed and can_reopen_child_file(user, child.area_id),
        "pending_transfer": pending_transfer,
        "may_merge": child.status != FileStatus.MERGED and can_merge(user, child.area_id),
        "may_transfer": may_edit
        and child.status == FileStatus.OPEN
        and pending_transfer is None
        and can_propose_transfer(user, child.area_id),
        "may_view_full_id": can_view_full_id(user),
        "forms": forms,
        "open_form": open_form,
        "open_spell": open_spell,
    }
    return render(request, "registry/child_detail.html", context)


@never_cache
@require_POST
@login_required
def child_full_id(request, pk):
    """The full ID number of the child (or, with `member`, of one of its family members),
    logged by services.reveal_full_id. htmx gets the number alone, to swap in place."""
    child = get_visible_or_404(Child.objects.all(), request.user, pk=pk)
    target = child
    member_id = request.POST.get("member", "")
    if member_id:
        if not member_id.isdigit():
            return HttpResponseBadRequest()
        target = get_visible_or_404(child.family.all(), request.user, pk=int(member_id))
    if not target.id_number:
        raise Http404  # registered without a number: nothing to reveal
    try:
        number = reveal_full_id(target, actor=request.user, request=request)
    except OutOfScope as exc:
        raise Http404 from exc
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    context = {"child": child, "target": target, "number": number}
    if request.htmx:
        return render(request, "registry/_full_id.html", context)
    return render(request, "registry/child_full_id.html", context)
