"""Forms of guardianship by civil affairs (cases.services.guardianship)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.forms import ServiceForm, VersionedForm

from ..choices import GuardianshipEnd, GuardianshipKind, LongTermGround, Placement, TemporaryGround

BLANK = [("", "—")]


class GuardianshipForm(ServiceForm):
    """Register a guardianship: the ground is checked against the kind by the service."""

    kind = forms.ChoiceField(label=_("监护类型"), choices=GuardianshipKind.choices)
    temporary_ground = forms.ChoiceField(
        label=_("临时监护情形（第九十二条）"), choices=BLANK + list(TemporaryGround.choices), required=False
    )
    long_term_ground = forms.ChoiceField(
        label=_("长期监护情形（第九十四条）"), choices=BLANK + list(LongTermGround.choices), required=False
    )
    placement = forms.ChoiceField(
        label=_("安置方式（第九十三条）"), choices=BLANK + list(Placement.choices), required=False
    )
    placement_detail = forms.CharField(label=_("受托人或机构名称"), max_length=100, required=False)
    started_on = forms.DateField(label=_("开始日期"), initial=timezone.localdate)
    decision_no = forms.CharField(label=_("决定或判决文号"), max_length=60, required=False)

    def ground(self) -> str:
        data = self.cleaned_data
        return (
            data["temporary_ground"]
            if data["kind"] == GuardianshipKind.TEMPORARY
            else data["long_term_ground"]
        )


class LongTermForm(VersionedForm):
    """A temporary guardianship becomes long-term."""

    conflict_fields = ("status", "ended_on", "end_reason")

    ground = forms.ChoiceField(label=_("长期监护情形（第九十四条）"), choices=LongTermGround.choices)
    started_on = forms.DateField(label=_("长期监护开始日期"), initial=timezone.localdate)
    decision_no = forms.CharField(label=_("决定或判决文号"), max_length=60, required=False)
    placement = forms.ChoiceField(
        label=_("安置方式"), choices=BLANK + list(Placement.choices), required=False
    )
    placement_detail = forms.CharField(label=_("受托人或机构名称"), max_length=100, required=False)


class AssessmentForm(VersionedForm):
    conflict_fields = ("status", "ended_on", "end_reason")
    assessed_on = forms.DateField(label=_("评估日期"), initial=timezone.localdate)
    guardian_able = forms.TypedChoiceField(
        label=_("评估结论"),
        choices=[("1", _("监护人具备监护能力")), ("0", _("监护人尚不具备监护能力"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("评估意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


class EndForm(VersionedForm):
    conflict_fields = ("status", "ended_on", "end_reason")
    reason = forms.ChoiceField(
        label=_("结束原因"), choices=[c for c in GuardianshipEnd.choices if c[0] != GuardianshipEnd.LONG_TERM]
    )
    ended_on = forms.DateField(label=_("结束日期"), initial=timezone.localdate)
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
