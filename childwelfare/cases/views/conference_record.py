"""The record of a conference (会商, issue 10), kept by the office that convened it:
attendance, the minutes (which hold it, checking the quorum), a decision per agenda case, the
decision's actions, and the formal reminder (督办) of an overdue action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from childwelfare.access.guards import deny_unless, get_visible_or_404
from childwelfare.lib.errors import add_to_form
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..forms.conference import AttendanceForm, DecisionActionForm, DecisionForm, MinutesForm, ReminderForm
from ..models import ActionReminder, CaseAction, ConferenceCase, ConferenceDecision
from ..services import conference as services
from ..services.common import CaseError
from .conference import visible_conference


def _refused(form, error) -> None:
    """A service's refusal on the form: a stale save shows what changed, anything else
    beside its field."""
    if getattr(error, "code", "") == "stale_version" and hasattr(form, "show_conflict"):
        form.show_conflict(error)
    else:
        add_to_form(form, error)


def _managed_conference(request, pk):
    conference = visible_conference(request, pk)
    deny_unless(permissions.can_manage_conference(request.user, conference))
    return conference


@login_required
def conference_attendance(request, pk):
    conference = _managed_conference(request, pk)
    participants = list(conference.participants.all())
    form = AttendanceForm(request.POST or None, conference=conference, participants=participants)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(
                conference,
                actor=request.user,
                attendance=form.attendance(),
                expected_version=form.seen_version,
            )
        except CaseError as error:
            _refused(form, error)
        else:
            messages.success(request, _("到会情况已保存。"))
            return redirect("cases:conference_detail", pk=conference.pk)
    context = {
        "conference": conference,
        "form": form,
        "present": services.departments_present(conference),
    }
    return render(request, "cases/conference/attendance.html", context)


@login_required
def conference_minutes(request, pk):
    conference = _managed_conference(request, pk)
    initial = {"minutes": conference.minutes, "next_review_on": conference.next_review_on}
    form = MinutesForm(request.POST or None, record=conference, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        was_planned = conference.status == "planned"
        try:
            services.hold_conference(
                conference,
                actor=request.user,
                minutes=data["minutes"],
                next_review_on=data["next_review_on"],
                expected_version=form.seen_version,
            )
        except CaseError as error:
            _refused(form, error)
        else:
            messages.success(
                request,
                _("会商已记录为已召开，请逐案记录会商决定。") if was_planned else _("会议纪要已保存。"),
            )
            return redirect("cases:conference_detail", pk=conference.pk)
    context = {
        "conference": conference,
        "form": form,
        "present": services.departments_present(conference),
    }
    return render(request, "cases/conference/minutes.html", context)


def _visible_item(request, pk) -> ConferenceCase:
    item = get_visible_or_404(
        ConferenceCase.objects.select_related("conference", "conference__area", "case", "case__child"),
        request.user,
        pk=pk,
    )
    # The agenda item is the child's; its conference must be visible too (a city conference
    # is not a district officer's).
    visible_conference(request, item.conference_id)
    deny_unless(permissions.can_manage_conference(request.user, item.conference))
    return item


def _decision_page(request, item, *, form=None, action_form=None, status=200):
    decision = ConferenceDecision.objects.filter(item=item).first()
    actions = (
        list(CaseAction.objects.filter(decision=decision).order_by("due_on", "pk"))
        if decision is not None
        else []
    )
    context = {
        "item": item,
        "conference": item.conference,
        "decision": decision,
        "actions": actions,
        "form": form
        or DecisionForm(
            record=decision,
            initial={"text": decision.text, "dissent": decision.dissent} if decision else None,
        ),
        "action_form": action_form or (DecisionActionForm() if decision is not None else None),
    }
    return render(request, "cases/conference/decision.html", context, status=status)


@login_required
@submits_once
def conference_decision(request, pk):
    """Record (or edit) the decision on one agenda case, with any dissent."""
    item = _visible_item(request, pk)
    if request.method != "POST":
        return _decision_page(request, item)
    decision = ConferenceDecision.objects.filter(item=item).first()
    form = DecisionForm(request.POST, record=decision)
    if form.is_valid():
        try:
            services.record_decision(
                item,
                actor=request.user,
                text=form.cleaned_data["text"],
                dissent=form.cleaned_data["dissent"],
                expected_version=form.seen_version if decision is not None else None,
            )
        except CaseError as error:
            _refused(form, error)
        else:
            messages.success(request, _("会商决定已保存，请为其分派任务。"))
            return redirect("cases:conference_decision", pk=item.pk)
    return _decision_page(request, item, form=form)


@login_required
@submits_once
def conference_action_add(request, pk):
    """An action carrying out a decision, assigned to a department or unit with a due date."""
    decision = get_visible_or_404(ConferenceDecision.objects.select_related("item"), request.user, pk=pk)
    item = _visible_item(request, decision.item_id)
    if request.method != "POST":
        return redirect("cases:conference_decision", pk=item.pk)
    form = DecisionActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_decision_action(
                decision,
                actor=request.user,
                title=data["title"],
                owner_kind=data["owner_kind"],
                due_on=data["due_on"],
                department=data["department"],
                owner_unit=data["owner_unit"],
                detail=data["detail"],
            )
        except CaseError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("任务已分派，期限由时限引擎跟踪。"))
            return redirect("cases:conference_decision", pk=item.pk)
    return _decision_page(request, item, action_form=form)


@login_required
@submits_once
def conference_remind(request, pk):
    """督办: a formal reminder of a conference action, by the office that convened it."""
    action = get_visible_or_404(
        CaseAction.objects.select_related("case", "decision__item__conference"), request.user, pk=pk
    )
    if action.decision_id is None:
        return redirect("cases:conference_list")
    conference = visible_conference(request, action.decision.item.conference_id)
    deny_unless(permissions.can_manage_conference(request.user, conference))
    form = ReminderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remind_action(action, actor=request.user, text=form.cleaned_data["text"])
        except CaseError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("已督办，责任部门联络员会在任务清单中看到。"))
            return redirect("cases:conference_detail", pk=conference.pk)
    context = {
        "action": action,
        "conference": conference,
        "form": form,
        "reminders": list(ActionReminder.objects.filter(action=action).select_related("issued_by")),
        "is_overdue": services.overdue_actions(CaseAction.objects.filter(pk=action.pk)).exists(),
    }
    return render(request, "cases/conference/remind.html", context)
