"""The form of a child's payment account (benefits.accounts.save_bank_account)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.forms import ServiceForm

from .accounts import normalise_account_number
from .choices import HOLDER_RELATIONS


class BankAccountForm(ServiceForm):
    """Bank, holder and number of a new account; of an existing one the same with the
    number left empty to keep it, the account's state and the reason of the change. The
    stored number is never put into the form (the page shows it masked)."""

    bank_name = forms.CharField(label=_("开户行"), max_length=100)
    holder_name = forms.CharField(label=_("户名"), max_length=50)
    holder_relation = forms.ChoiceField(
        label=_("户主与儿童关系"), choices=[("", "---------"), *HOLDER_RELATIONS]
    )
    account_number = forms.CharField(label=_("账号"), max_length=60, required=False)
    account_number_again = forms.CharField(label=_("再次输入账号"), max_length=60, required=False)
    number_checked = forms.BooleanField(label=_("已与银行卡或存折核对，账号无误"), required=False)
    is_active = forms.BooleanField(label=_("账户有效（停用后发放暂缓）"), required=False, initial=True)
    reason = forms.CharField(label=_("变更原因"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, account=None, **kwargs):
        self.account = account
        if account is not None:
            kwargs.setdefault(
                "initial",
                {
                    "bank_name": account.bank_name,
                    "holder_name": account.holder_name,
                    "holder_relation": account.holder_relation,
                    "is_active": account.is_active,
                    "version": account.version,
                },
            )
        super().__init__(*args, **kwargs)
        for name in ("account_number", "account_number_again"):
            self.fields[name].widget.attrs.update(autocomplete="off", inputmode="numeric", spellcheck="false")
        if account is None:
            self.fields["account_number"].required = True
            self.fields["account_number_again"].required = True
            del self.fields["is_active"]
            del self.fields["reason"]
        else:
            self.fields["account_number"].help_text = _("不修改账号请留空")
            self.fields["reason"].help_text = _("修改账户时必填，记入变更记录")

    def clean(self):
        data = super().clean()
        first = normalise_account_number(data.get("account_number"))
        again = normalise_account_number(data.get("account_number_again"))
        if (first or again) and first != again:
            self.add_error("account_number_again", _("两次输入的账号不一致"))
        return data

    def service_kwargs(self) -> dict:
        """The keyword arguments of save_bank_account (call after is_valid())."""
        data = self.cleaned_data
        return {
            "bank_name": data["bank_name"],
            "holder_name": data["holder_name"],
            "holder_relation": data["holder_relation"],
            "account_number": data.get("account_number") or "",
            "is_active": data.get("is_active", True) if self.account is not None else True,
            "reason": data.get("reason") or "",
            "number_checked": data.get("number_checked", False),
            "expected_version": data.get("version") if self.account is not None else None,
        }
