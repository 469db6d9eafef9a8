"""Case conference pages (会商, issue 10): the list, convening one, its page (the whole
record for the convening office and auditors; for a department liaison only their
department's part: its actions and the agenda cases' numbers), its papers and the printed
minutes. The record's forms (attendance, minutes, decisions, actions, 督办) are in
conference_record.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404, page_for
from childwelfare.accounts.choices import Role
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.errors import add_to_form
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.lib.pdf import render_pdf
from childwelfare.lib.uploads import oversize_response
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..forms.conference import CancelForm, ConferenceFilterForm, ConferenceForm, PaperForm
from ..models import ActionReminder, Case, CaseAction, Conference, ConferenceCase, ConferencePaper
from ..services import conference as services
from ..services.common import CaseError

CONFERENCE_SORTS = SortMap(
    {
        "held_at": ("held_at", "pk"),
        "title": ("title", "pk"),
        "status": ("status", "-held_at", "pk"),
        "overdue": ("overdue_count", "-held_at", "pk"),
    },
    default="-held_at",
)


def is_liaison_view(user) -> bool:
    """The user sees only their department's part of a conference."""
    return user.role == Role.DEPARTMENT_LIAISON and not user.is_superuser


def visible_conference(request, pk) -> Conference:
    return get_visible_or_404(Conference.objects.select_related("area", "convener"), request.user, pk=pk)


def listed_conferences(user, query):
    """(filter form, conferences) of the list: visible ones with their action figures (a
    liaison's: their department's)."""
    form = ConferenceFilterForm(query)
    department = user.department if is_liaison_view(user) else ""
    conferences = services.with_action_counts(
        Conference.objects.visible_to(user).select_related("area", "convener"), department=department
    )
    return form, form.apply(conferences)


@page_for(permissions.can_read_conferences)
def conference_list(request):
    user = request.user
    form, conferences = listed_conferences(user, request.GET)
    page = paginate(request, conferences, sorting=CONFERENCE_SORTS.read(request))
    return render(
        request,
        "cases/conference/list.html",
        {
            "form": form,
            "page": page,
            "may_convene": permissions.can_convene(user),
            "liaison": is_liaison_view(user),
        },
    )


@page_for(permissions.can_convene)
@submits_once
def conference_create(request):
    user = request.user
    areas = services.convening_areas(user)
    form = ConferenceForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = data["area"]
        found = {
            case.number: case
            for case in services.agenda_candidates(user, area.code).filter(number__in=data["case_numbers"])
        }
        unknown = [number for number in data["case_numbers"] if number not in found]
        if unknown:
            form.add_error(
                "case_numbers",
                _("找不到个案 %(numbers)s，或不在召集区划内、已结案。") % {"numbers": "、".join(unknown)},
            )
        else:
            try:
                conference = services.convene_conference(
                    actor=user,
                    area=area,
                    title=data["title"],
                    held_at=data["held_at"],
                    place=data["place"],
                    cases=[found[number] for number in data["case_numbers"]],
                    departments=data["departments"],
                    units=data["units"],
                    quorum=data["quorum"],
                    agenda=data["agenda"],
                )
            except CaseError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("会商已安排。可上传会前材料，会后登记到会情况和会议纪要。"))
                return redirect("cases:conference_detail", pk=conference.pk)
    elif request.method == "GET" and request.GET.get("case", "").isdigit():
        # 发起会商 from a case's page: its number filled in.
        case = Case.objects.visible_to(user).filter(pk=int(request.GET["case"][:18])).first()
        if case is not None:
            form.initial["case_numbers"] = case.number
    return render(request, "cases/conference/form.html", {"form": form})


def conference_context(request, conference: Conference) -> dict:
    """What the conference's page shows to this user: the whole record, or a liaison's part."""
    user = request.user
    liaison = is_liaison_view(user)
    manager = permissions.can_manage_conference(user, conference)
    actions = list(
        CaseAction.objects.visible_to(user)
        .filter(decision__item__conference=conference)
        .select_related("case", "decision__item")
        .order_by("due_on", "pk")
    )
    overdue = set(
        services.overdue_actions(CaseAction.objects.filter(pk__in=[a.pk for a in actions])).values_list(
            "pk", flat=True
        )
    )
    reminders: dict[int, list] = {}
    for reminder in ActionReminder.objects.filter(action__in=actions).select_related("issued_by"):
        reminders.setdefault(reminder.action_id, []).append(reminder)
    for action in actions:
        action.is_overdue = action.pk in overdue
        action.reminder_list = reminders.get(action.pk, [])
    items = list(
        ConferenceCase.objects.filter(conference=conference)
        .select_related("case", "case__child", "decision", "decision__recorded_by")
        .order_by("pk")
    )
    by_item: dict[int, list] = {}
    for action in actions:
        by_item.setdefault(action.decision.item_id, []).append(action)
    for item in items:
        item.action_list = by_item.get(item.pk, [])
    return {
        "conference": conference,
        "liaison": liaison,
        "full": permissions.can_read_conference_record(user, conference),
        "manager": manager,
        "participants": list(conference.participants.all()),
        "present": services.departments_present(conference),
        "items": items,
        "actions": actions,
        "overdue_actions": [action for action in actions if action.is_overdue],
        "papers": list(
            ConferencePaper.objects.visible_to(user)
            .filter(conference=conference)
            .select_related("uploaded_by")
        ),
        "is_planned": conference.status == "planned",
        "is_held": conference.status == "held",
        "today": timezone.localdate(),
    }


def detail_page(request, conference: Conference, *, paper_form=None, cancel_form=None, status=200):
    context = conference_context(request, conference)
    if context["manager"]:
        context["paper_form"] = paper_form or PaperForm()
        context["cancel_form"] = cancel_form or CancelForm(record=conference)
    return render(request, "cases/conference/detail.html", context, status=status)


@login_required
def conference_detail(request, pk):
    return detail_page(request, visible_conference(request, pk))


@require_POST
@login_required
@submits_once
def conference_paper_upload(request, pk):
    conference = visible_conference(request, pk)
    deny_unless(permissions.can_manage_conference(request.user, conference))
    if (refused := oversize_response(request)) is not None:
        return refused
    form = PaperForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_paper(conference, actor=request.user, upload=form.cleaned_data["file"])
        except CaseError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("会商材料已上传，受邀部门联络员可查阅。"))
            return redirect("cases:conference_detail", pk=conference.pk)
    return detail_page(request, conference, paper_form=form)


@never_cache
@login_required
def conference_paper(request, pk):
    """A paper, to those who see its conference (invited liaisons too); logged as a download."""
    paper = get_visible_or_404(ConferencePaper.objects.select_related("conference"), request.user, pk=pk)
    try:
        handle = paper.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    with translation.override("zh-hans"):
        detail = _("会商材料：%(name)s") % {"name": paper.name}
    log_access(
        user=request.user,
        action=AccessAction.DOWNLOAD,
        obj=paper,
        detail=detail,
        area_code=paper.conference.area_id,
        request=request,
    )
    return FileResponse(handle, as_attachment=True, filename=paper.name.rsplit("/", 1)[-1])


@require_POST
@login_required
def conference_cancel(request, pk):
    conference = visible_conference(request, pk)
    deny_unless(permissions.can_manage_conference(request.user, conference))
    form = CancelForm(request.POST, record=conference)
    if form.is_valid():
        try:
            services.cancel_conference(
                conference,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_version=form.seen_version,
            )
        except CaseError as error:
            if getattr(error, "code", "") == "stale_version":
                form.show_conflict(error)
            else:
                add_to_form(form, error)
        else:
            messages.success(request, _("会商已取消。"))
            return redirect("cases:conference_detail", pk=conference.pk)
    return detail_page(request, conference, cancel_form=form)


@login_required
def conference_minutes_pdf(request, pk):
    """The minutes as a printable PDF (title, convener, time, place, attendance, agenda, per
    case the decision, dissent and actions, next review, signature lines); logged."""
    conference = visible_conference(request, pk)
    deny_unless(permissions.can_read_conference_record(request.user, conference))
    context = conference_context(request, conference)
    context.update(
        {
            "title": _("个案会商纪要"),
            "area_name": conference.area.full_name or conference.area.name,
            "as_of": timezone.localdate(),
            "signatures": [_("召集人"), _("记录人"), _("参会部门代表")],
        }
    )
    with translation.override("zh-hans"):
        detail = _("打印会商纪要：%(title)s") % {"title": conference.title}
    log_access(
        user=request.user, action=AccessAction.DOWNLOAD, obj=conference, detail=detail, request=request
    )
    filename = f"{_('会商纪要')}-{timezone.localtime(conference.held_at):%Y%m%d}.pdf"
    return render_pdf(request, "cases/conference/documents/minutes.html", context, filename)
