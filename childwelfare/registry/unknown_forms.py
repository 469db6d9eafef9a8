"""Forms of the unknown-identity child (registry.unknown_identity) and of undoing a merge."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.areas.choices import Level
from childwelfare.areas.models import Area
from childwelfare.lib.forms import ServiceForm, VersionedForm

from .choices import Gender


class UnknownChildForm(ServiceForm):
    name = forms.CharField(
        label=_("临时姓名"),
        max_length=50,
        required=False,
        help_text=_("儿童自述的姓名；不填则记为“身份不明儿童”"),
    )
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    estimated_birth_year = forms.IntegerField(label=_("估计出生年份"), min_value=1900, max_value=2999)
    area = forms.ModelChoiceField(label=_("所属社区（村居）"), queryset=Area.objects.none(), empty_label=None)
    found_place = forms.CharField(label=_("发现地点"), max_length=200)
    found_on = forms.DateField(label=_("发现日期"), initial=timezone.localdate)
    descriptors = forms.CharField(
        label=_("体貌特征"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    photo = forms.FileField(label=_("照片（可选）"), required=False, help_text=_("JPG或PNG，不超过5MB"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from childwelfare.accounts import policy

        prefix = policy.area_prefix(user) or "-"
        self.fields["area"].queryset = Area.objects.filter(
            code__startswith=prefix, level=Level.COMMUNITY
        ).order_by("code")
        # 南京市玄武区梅园新村街道梅园社区: same-named communities of different streets told apart.
        self.fields["area"].label_from_instance = lambda area: area.full_name


class CompleteIdentityForm(VersionedForm):
    conflict_fields = ("name", "id_number")
    conflict_hidden_fields = ("id_number",)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=18)
    name = forms.CharField(label=_("姓名"), max_length=50, required=False, help_text=_("不填则保留现姓名"))


class UnmergeForm(ServiceForm):
    reason = forms.CharField(label=_("撤销原因"), max_length=200)
