"""Forms of case conferences (会商, issue 10). Each posts to a service of
cases.services.conference, which holds the rules; the forms only read what was typed."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Department
from childwelfare.lib.forms import ServiceForm, VersionedForm

from ..choices import ConferenceStatus, OwnerKind
from ..services.conference import DECISION_OWNER_KINDS, default_quorum

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
_NUMBER_SPLIT = re.compile(r"[\s,，、;；]+")


class ConferenceFilterForm(ServiceForm):
    """The conference list's filters: status, words of the title, only those with overdue
    actions."""

    compact = True
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + list(ConferenceStatus.choices)
    )
    q = forms.CharField(label=_("会商主题"), required=False, max_length=100)
    overdue = forms.BooleanField(label=_("有逾期任务"), required=False)

    def apply(self, conferences):
        if not self.is_valid():
            return conferences
        data = self.cleaned_data
        if data.get("status"):
            conferences = conferences.filter(status=data["status"])
        if data.get("q"):
            conferences = conferences.filter(title__icontains=data["q"].strip())
        if data.get("overdue"):
            conferences = conferences.filter(overdue_count__gt=0)
        return conferences


class ConferenceForm(ServiceForm):
    """Convene a conference: where, when, on which cases (by number), whom to invite."""

    area = forms.ModelChoiceField(label=_("召集区划"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("会商主题"), max_length=200)
    held_at = forms.DateTimeField(
        label=_("会商时间"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    case_numbers = forms.CharField(
        label=_("会商个案编号"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("一个或多个个案编号，以空格、逗号或换行分隔，如 GA32010220260001"),
    )
    departments = forms.MultipleChoiceField(
        label=_("邀请部门"), choices=Department.choices, widget=forms.CheckboxSelectMultiple
    )
    units = forms.CharField(
        label=_("邀请单位"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("学校、工作站、医院等，每行一个"),
    )
    quorum = forms.IntegerField(
        label=_("最少到会部门数"),
        min_value=1,
        max_value=len(Department.choices),
        help_text=_("到会部门少于此数，会商不能记录为已召开"),
    )
    agenda = forms.CharField(label=_("议程"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].label_from_instance = lambda area: area.full_name or area.name
        self.fields["quorum"].initial = default_quorum()

    def clean_case_numbers(self) -> list[str]:
        numbers = [part.strip().upper() for part in _NUMBER_SPLIT.split(self.cleaned_data["case_numbers"])]
        numbers = list(dict.fromkeys(number for number in numbers if number))
        if not numbers:
            raise forms.ValidationError(_("请至少填写一个个案编号。"))
        return numbers

    def clean_units(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["units"].splitlines() if line.strip()]

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        return timezone.make_aware(held_at) if timezone.is_naive(held_at) else held_at


class AttendanceForm(VersionedForm):
    """Who came: a tick and the attendee's name per invited department or unit."""

    def __init__(self, *args, conference, participants, **kwargs):
        super().__init__(*args, record=conference, **kwargs)
        self.participants = participants
        for participant in participants:
            self.fields[f"attended_{participant.pk}"] = forms.BooleanField(
                label=str(participant), required=False, initial=participant.attended
            )
            self.fields[f"attendee_{participant.pk}"] = forms.CharField(
                label=_("参会人"), required=False, max_length=50, initial=participant.attendee
            )

    def rows(self):
        """(participant, tick field, name field) per invited participant, for the template."""
        return [(p, self[f"attended_{p.pk}"], self[f"attendee_{p.pk}"]) for p in self.participants]

    def attendance(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {p.pk: (data[f"attended_{p.pk}"], data[f"attendee_{p.pk}"]) for p in self.participants}


class MinutesForm(VersionedForm):
    minutes = forms.CharField(label=_("会议纪要"), widget=forms.Textarea(attrs={"rows": 8}))
    next_review_on = forms.DateField(label=_("下次回顾日期"), required=False)


class CancelForm(VersionedForm):
    form_name = "cancel"
    reason = forms.CharField(label=_("取消原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(VersionedForm):
    text = forms.CharField(label=_("会商决定"), widget=forms.Textarea(attrs={"rows": 4}))
    dissent = forms.CharField(
        label=_("不同意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("与会部门或人员的不同意见，如实记录"),
    )


class DecisionActionForm(ServiceForm):
    """An action carrying out a decision: what, who (a department or a unit), by when."""

    form_name = "action"
    title = forms.CharField(label=_("任务"), max_length=200)
    owner_kind = forms.ChoiceField(
        label=_("责任方类型"),
        choices=[(value, label) for value, label in OwnerKind.choices if value in DECISION_OWNER_KINDS],
        initial=OwnerKind.DEPARTMENT,
    )
    department = forms.ChoiceField(
        label=_("责任部门"), required=False, choices=[("", _("请选择"))] + list(Department.choices)
    )
    owner_unit = forms.CharField(label=_("责任单位或工作站"), required=False, max_length=100)
    due_on = forms.DateField(label=_("完成期限"))
    detail = forms.CharField(label=_("任务说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReminderForm(ServiceForm):
    text = forms.CharField(
        label=_("督办意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("督办记录在案，责任部门联络员在任务清单中看到"),
    )


class PaperForm(ServiceForm):
    form_name = "paper"
    file = forms.FileField(label=_("会商材料"), help_text=_("PDF、Excel、文字文档或图片"))
