"""Forms of the child profile. They only read and check input; every write goes through
registry.services, whose RegistryError the view puts back beside its field with
`lib.errors.add_to_form`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.lib.forms import ServiceForm, VersionedForm
from childwelfare.lib.phones import PhoneError, parse_phone

from .choices import CloseReason
from .models import CategorySpell, Child, FamilyMember, ParentCondition
from .services import name_refusal

DATE_INPUT = {"type": "date"}

BASIC_FIELDS = [
    "name",
    "gender",
    "birth_date",
    "ethnicity",
    "area",
    "hukou_address",
    "address",
    "phone",
    "school_status",
    "school_name",
    "grade",
    "disability_type",
    "disability_grade",
    "health_notes",
    "notes",
]


class ChildBasicForm(VersionedForm):
    """Basic information. The ID number field starts empty (the stored number is shown only
    masked) and is changed only when something is typed in. Carries the child's version: a
    save from a page someone else saved over first is refused (VersionedForm)."""

    form_name = "basic"
    conflict_hidden_fields = ("id_number",)

    id_number = forms.CharField(
        label=_("新的公民身份号码"),
        required=False,
        max_length=20,
        help_text=_("仅在更正身份证号时填写，留空则不修改"),
    )
    reason = forms.CharField(label=_("修改原因"), required=False, max_length=100)

    def __init__(self, *args, child: Child, user, **kwargs):
        initial = {name: getattr(child, name) for name in BASIC_FIELDS if name != "area"}
        initial["area"] = child.area_id
        kwargs.setdefault("initial", initial)
        super().__init__(*args, record=child, **kwargs)
        self.child = child
        model_fields = forms.fields_for_model(Child, fields=BASIC_FIELDS)
        # Communities of the child's district that the user may move the child to.
        areas = Area.objects.visible_to(user).filter(
            Q(level=Level.COMMUNITY, code__startswith=child.area_id[:6]) | Q(code=child.area_id)
        )
        model_fields["area"].queryset = areas.order_by("code")
        model_fields["area"].empty_label = None
        model_fields["disability_grade"].choices = [("", "---------")] + [
            (grade, _("%(grade)s级") % {"grade": grade}) for grade in range(1, 5)
        ]
        ordered = {name: model_fields[name] for name in BASIC_FIELDS}
        ordered["id_number"] = self.fields["id_number"]
        ordered["reason"] = self.fields["reason"]
        ordered["version"] = self.fields["version"]
        self.fields = ordered
        if not child.id_number:
            # Registered without a number (无户籍): the number is added here once the child
            # has one, checked against the birth date and sex entered by hand (issue 9).
            self.fields["id_number"].label = _("补录公民身份号码")
            self.fields["id_number"].help_text = _("落户后填写；须与出生日期、性别一致")

    def clean(self):
        """The name and phone rules the service applies (registry.services), checked here too
        so that every field's error shows at once (QA of issue 8: they came one by one)."""
        data = super().clean()
        if data.get("name") and (refusal := name_refusal(data["name"])):
            self.add_error("name", str(refusal))
        if data.get("phone"):
            try:
                parse_phone(data["phone"])
            except PhoneError as exc:
                self.add_error("phone", str(exc))
        if data.get("birth_date") and data["birth_date"] > timezone.localdate():
            self.add_error("birth_date", _("出生日期不能晚于今天"))
        return data

    def changes(self) -> dict:
        """The fields whose value differs from the child's, as update_child keyword arguments."""
        changes = {}
        for name in BASIC_FIELDS:
            value = self.cleaned_data.get(name)
            current = getattr(self.child, name)
            if name == "area":
                if value is not None and value.pk != self.child.area_id:
                    changes["area"] = value
                continue
            if value is None and isinstance(current, str):
                value = ""
            if value != current:
                changes[name] = value
        number = (self.cleaned_data.get("id_number") or "").strip()
        if number and number != self.child.id_number:
            changes["id_number"] = number
        return changes


class FamilyMemberForm(ServiceForm):
    form_name = "member"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                FamilyMember,
                fields=["relation", "name", "id_number", "phone", "is_guardian", "lives_with_child", "notes"],
            )
        )
        self.fields["id_number"].help_text = _("可填18位或15位旧号码")


def member_label(member: FamilyMember) -> str:
    return _("%(name)s（%(relation)s）") % {"name": member.name, "relation": member.get_relation_display()}


class ParentConditionForm(ServiceForm):
    form_name = "condition"

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = forms.ModelChoiceField(
            label=_("家庭成员"), queryset=FamilyMember.objects.filter(child=child), empty_label=None
        )
        self.fields["member"].label_from_instance = member_label
        self.fields.update(
            forms.fields_for_model(
                ParentCondition,
                fields=list(ParentCondition.RECORDED_FIELDS),
            )
        )
        self.fields["evidence_reference"].help_text = _("如死亡证明、判决书、残疾证的编号或说明")
        self.fields["end_date"].help_text = _(
            "服刑、强制隔离戒毒等请按判决书、决定书填写期限届满日；未填写的，须自开始日期起满6个月才计入"
        )
        self.fields["disability_type"].help_text = _("仅“重残”填写，按残疾人证")
        self.fields["certificate_number"].help_text = _("第二代残疾人证号为20位：身份证号加类别、等级各1位")


class CategoryForm(ServiceForm):
    form_name = "category"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(CategorySpell, fields=["category", "start_date", "end_date"])
        )


class EndCategoryForm(VersionedForm):
    """Ends one of the child's open spells; carries the spell's version (the page has one
    form per spell; the view passes the chosen spell to show_conflict)."""

    form_name = "end_category"
    conflict_fields = ("category", "start_date", "end_date", "end_reason", "status")

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spell"] = forms.ModelChoiceField(
            label=_("儿童类别"),
            queryset=CategorySpell.objects.filter(child=child, end_date__isnull=True),
            empty_label=None,
        )
        self.fields["end_date"] = forms.DateField(label=_("终止日期"))
        self.fields["end_reason"] = forms.CharField(label=_("终止原因"), max_length=200)


class CloseChildForm(VersionedForm):
    """Close the child's file (registry.lifecycle.close_child): reason, date, note."""

    form_name = "close"
    conflict_fields = ("status", "closed_on", "close_reason", "close_note")

    close_reason = forms.ChoiceField(label=_("结档原因"), choices=CloseReason.choices)
    closed_on = forms.DateField(label=_("结档日期"), widget=forms.DateInput(attrs=DATE_INPUT))
    close_note = forms.CharField(
        label=_("结档说明"), required=False, max_length=200, help_text=_("原因为“其他”时必填")
    )

    def __init__(self, *args, child: Child, **kwargs):
        kwargs.setdefault("initial", {"closed_on": timezone.localdate()})
        super().__init__(*args, record=child, **kwargs)


class ReopenChildForm(VersionedForm):
    """Reopen a closed file (registry.lifecycle.reopen_child), with the reason."""

    form_name = "reopen"
    conflict_fields = ("status", "closed_on", "close_reason", "close_note")

    reason = forms.CharField(label=_("恢复原因"), max_length=200)

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, record=child, **kwargs)


class ChildTransferForm(ServiceForm):
    """Propose moving the child to a community elsewhere (registry.transfers)."""

    form_name = "transfer"

    to_area = forms.ModelChoiceField(label=_("迁入社区（村居）"), queryset=Area.objects.none())
    reason = forms.CharField(label=_("迁移原因"), max_length=200)

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["to_area"]
        field.queryset = (
            Area.objects.filter(level=Level.COMMUNITY, code__startswith=settings.CITY_AREA_CODE)
            .exclude(code=child.area_id)
            .order_by("code")
        )
        field.label_from_instance = lambda area: area.full_name
        field.help_text = _("迁入地的区民政干部接收后，档案转入该社区；接收前仍由本地管理")


class TransferDecisionForm(forms.Form):
    """The transfer list's buttons: accept, refuse (with a reason) or withdraw one transfer."""

    ACTIONS = ("accept", "refuse", "cancel")

    transfer = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(name, name) for name in ACTIONS], widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    reason = forms.CharField(label=_("拒绝原因"), max_length=200, required=False)
