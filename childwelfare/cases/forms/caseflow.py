"""Forms of the case pages (issue 10, caseflow): the list filter, opening, editing, the
status steps, approvals, closure, the plan's goals and actions, notes."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Department, Role
from childwelfare.areas.choices import ancestor_codes
from childwelfare.areas.filters import AreaFilterMixin
from childwelfare.discovery.choices import Colour
from childwelfare.lib.forms import ServiceForm, VersionedForm

from ..choices import ApprovalDecision, CaseSource, CaseStatus, ClosureReason, KeyCaseClass, OwnerKind
from ..permissions import APPROVER_ROLES, WORKER_ROLES

BLANK = [("", "—")]
ALL = [("", _("全部"))]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name}{gettext('（')}{obj.get_role_display()}{gettext('）')}"


def staff_over(area_code: str, roles):
    """Active users of `roles` whose area contains `area_code` (they can see its cases)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role__in=roles, area_id__in=ancestor_codes(area_code))
        .order_by("role", "username")
    )


class CaseFilterForm(AreaFilterMixin, forms.Form):
    compact = True
    status = forms.ChoiceField(label=_("状态"), choices=ALL + list(CaseStatus.choices), required=False)
    key_class = forms.ChoiceField(
        label=_("重点个案分类"), choices=ALL + list(KeyCaseClass.choices), required=False
    )
    colour = forms.ChoiceField(label=_("风险颜色"), choices=ALL + list(Colour.choices), required=False)
    worker = forms.TypedChoiceField(label=_("个案工作者"), coerce=int, required=False, empty_value=None)
    opened_from = forms.DateField(label=_("立案日期从"), required=False)
    opened_to = forms.DateField(label=_("至"), required=False)
    awaiting = forms.BooleanField(label=_("待我审批"), required=False)

    def __init__(self, *args, user=None, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["worker"].choices = ALL + [(pk, name) for pk, name in workers]
        if user is not None:
            self.add_area_field(user)

    def apply(self, cases):
        if not self.is_valid():
            return cases
        data = self.cleaned_data
        cases = self.filter_by_area(cases)
        if data.get("status"):
            cases = cases.filter(status=data["status"])
        if data.get("key_class"):
            cases = cases.filter(key_classes__key_class=data["key_class"])
        if data.get("colour"):
            cases = cases.filter(child__latest_colour=data["colour"])
        if data.get("worker"):
            cases = cases.filter(worker_id=data["worker"])
        if data.get("opened_from"):
            cases = cases.filter(opened_on__gte=data["opened_from"])
        if data.get("opened_to"):
            cases = cases.filter(opened_on__lte=data["opened_to"])
        if data.get("awaiting") and self.user is not None:
            cases = cases.filter(pk__in=awaiting_decision(self.user).values("case_id"))
        return cases


def awaiting_decision(user):
    """The pending approvals `user` may decide: in their scope, not asked for by them (the
    home page's count and the case list's 待我审批 filter)."""
    from ..models import CaseApproval

    return (
        CaseApproval.objects.visible_to(user)
        .filter(decision=ApprovalDecision.PENDING)
        .exclude(requested_by=user)
    )


class _StaffFields(forms.Form):
    """Source, worker, supervisor and classes of a case of a child of `area_code`."""

    source = forms.ChoiceField(label=_("案件来源"), choices=BLANK + list(CaseSource.choices))
    worker = StaffChoiceField(label=_("个案工作者"), queryset=get_user_model().objects.none())
    supervisor = StaffChoiceField(label=_("督导"), queryset=get_user_model().objects.none(), required=False)
    key_classes = forms.MultipleChoiceField(
        label=_("重点个案分类"),
        choices=KeyCaseClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label=_("基本情况"), widget=forms.Textarea, required=False)

    def set_area(self, area_code: str) -> None:
        self.fields["worker"].queryset = staff_over(area_code, WORKER_ROLES)
        self.fields["supervisor"].queryset = staff_over(area_code, (Role.CHILD_SUPERVISOR,))


class OpenCaseForm(ServiceForm, _StaffFields):
    opened_on = forms.DateField(label=_("立案日期"))

    def __init__(self, *args, child, **kwargs):
        kwargs.setdefault("initial", {"opened_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.set_area(child.area_id)

    def clean_opened_on(self):
        value = self.cleaned_data["opened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("立案日期不能晚于今天。"))
        return value


class CaseEditForm(VersionedForm, _StaffFields):
    assessment = forms.CharField(label=_("评估结论"), widget=forms.Textarea, required=False)
    needs = forms.CharField(label=_("需求分析"), widget=forms.Textarea, required=False)
    conflict_fields = ("source", "worker", "supervisor", "summary", "assessment", "needs")

    def __init__(self, *args, case, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "source": case.source,
                "worker": case.worker_id,
                "supervisor": case.supervisor_id,
                "key_classes": list(case.key_classes.values_list("key_class", flat=True)),
                "summary": case.summary,
                "assessment": case.assessment,
                "needs": case.needs,
            },
        )
        super().__init__(*args, record=case, **kwargs)
        self.set_area(case.child.area_id)


class VersionStepForm(ServiceForm):
    """A step that needs only the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewForm(VersionStepForm):
    text = forms.CharField(label=_("回顾结论"), widget=forms.Textarea, required=False)


class RequestApprovalForm(VersionStepForm):
    note = forms.CharField(label=_("申请说明"), widget=forms.Textarea, required=False)


class DecideForm(VersionStepForm):
    decision = forms.ChoiceField(
        label=_("审批结果"),
        choices=[("approve", _("批准")), ("return", _("退回"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("审批意见"), widget=forms.Textarea, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("退回时请填写审批意见。"))
        return data


class ClosureForm(VersionStepForm):
    closure_reason = forms.ChoiceField(label=_("结案原因"), choices=BLANK + list(ClosureReason.choices))
    outcome = forms.CharField(label=_("服务成效"), widget=forms.Textarea)
    note = forms.CharField(label=_("申请说明"), widget=forms.Textarea, required=False)


class ReasonForm(VersionStepForm):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea)


class GoalForm(ServiceForm):
    form_name = "goal"
    text = forms.CharField(label=_("服务目标"), max_length=200)


class ActionForm(ServiceForm):
    title = forms.CharField(label=_("任务"), max_length=200)
    owner_kind = forms.ChoiceField(label=_("责任方类型"), choices=OwnerKind.choices)
    department = forms.ChoiceField(
        label=_("责任部门"), choices=BLANK + list(Department.choices), required=False
    )
    owner_unit = forms.CharField(label=_("责任单位或工作站"), max_length=100, required=False)
    owner_user = StaffChoiceField(label=_("责任人"), queryset=get_user_model().objects.none(), required=False)
    due_on = forms.DateField(label=_("完成期限"))
    detail = forms.CharField(label=_("任务说明"), widget=forms.Textarea, required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_user"].queryset = staff_over(case.child.area_id, WORKER_ROLES + APPROVER_ROLES)


class TextForm(ServiceForm):
    text = forms.CharField(label=_("内容"), widget=forms.Textarea)


class NoteForm(TextForm):
    form_name = "note"
    text = forms.CharField(label=_("进展记录"), widget=forms.Textarea)


class EvidenceForm(VersionStepForm):
    evidence = forms.CharField(label=_("完成情况及佐证"), widget=forms.Textarea)
