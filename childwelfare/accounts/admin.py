from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "area", "department", "is_active")
    list_filter = ("role", "department", "is_active")
    search_fields = ("username", "full_name", "area__name")
    raw_id_fields = ("area",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("工作信息"), {"fields": ("full_name", "role", "area", "department", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("工作信息"), {"fields": ("full_name", "role", "area", "department")}),
    )
