"""Forms of the deadline pages: asking for a pause, resumption or extension, and deciding it."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.forms import ServiceForm

from .models import DeadlineChange


class ChangeRequestForm(ServiceForm):
    form_name = "change"

    kind = forms.ChoiceField(label=_("调整类型"), choices=DeadlineChange.Kind.choices)
    new_due_on = forms.DateField(
        label=_("延期至"), required=False, help_text=_("仅延期时填写：新的期限（当天结束前）")
    )
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea)

    def clean_new_due_on(self):
        day = self.cleaned_data.get("new_due_on")
        if day is not None and not date(2000, 1, 1) <= day <= date(2099, 12, 31):
            raise forms.ValidationError(_("请填写2000年至2099年之间的日期"), code="date_out_of_range")
        return day


class DecisionForm(ServiceForm):
    form_name = "decision"

    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=[("approve", _("批准")), ("refuse", _("不予批准"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("审批意见"), widget=forms.Textarea, required=False)
