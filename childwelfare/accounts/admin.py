from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import require_password_change


class UserCreationForm(AdminUserCreationForm):
    """A new account's password is the administrator's: the user must change it (issue 13)."""

    def save(self, commit=True):
        user = super().save(commit=False)
        require_password_change(user, save=False)
        if commit:
            user.save()
            self.save_m2m()
        return user


class PasswordResetByAdminForm(AdminPasswordChangeForm):
    """A password reset by an administrator must be changed by its user at the next sign-in."""

    def save(self, commit=True):
        user = super().save(commit=False)
        require_password_change(user, save=False)
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    change_password_form = PasswordResetByAdminForm
    list_display = ("username", "full_name", "role", "area", "department", "is_active")
    list_filter = ("role", "department", "is_active")
    search_fields = ("username", "full_name", "area__name")
    raw_id_fields = ("area",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("工作信息"), {"fields": ("full_name", "role", "area", "department", "phone")}),
        (_("密码"), {"fields": ("must_change_password",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("工作信息"), {"fields": ("full_name", "role", "area", "department")}),
    )
