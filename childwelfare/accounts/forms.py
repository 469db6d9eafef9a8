"""Forms of accounts' own pages (the sign-in and password pages are Django's)."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Role


class AccountFilterForm(forms.Form):
    """Narrow the account list by user name or name, and by role."""

    q = forms.CharField(label=_("用户名或姓名"), required=False, max_length=50)
    role = forms.ChoiceField(label=_("角色"), required=False, choices=[("", _("全部"))] + list(Role.choices))

    def apply(self, accounts):
        """`accounts` (a User QuerySet) narrowed by the valid fields; unchanged when invalid."""
        if not self.is_valid():
            return accounts
        query = self.cleaned_data["q"].strip()
        if query:
            accounts = accounts.filter(Q(username__icontains=query) | Q(full_name__contains=query))
        if self.cleaned_data["role"]:
            accounts = accounts.filter(role=self.cleaned_data["role"])
        return accounts
