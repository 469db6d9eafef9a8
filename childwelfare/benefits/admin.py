"""Configuration tables of benefits in the admin site: the holiday override table, insurance
schemes, bank accounts and dibao standards. Allowance standards are changed only through
uprating (benefits.standards) and payment accounts only on the child's account page
(benefits.accounts), so the admin shows them read-only."""

from django.contrib import admin

from .models import AllowanceStandard, BankAccount, DibaoStandard, HolidayOverride, InsuranceScheme


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "is_working_day", "note")
    list_filter = ("is_working_day",)
    date_hierarchy = "day"


@admin.register(InsuranceScheme)
class InsuranceSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "insurer")


@admin.register(DibaoStandard)
class DibaoStandardAdmin(admin.ModelAdmin):
    list_display = ("area", "monthly_amount", "effective_from", "effective_to", "legal_basis")
    raw_id_fields = ("area",)


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    """Read-only: accounts are entered and changed on the child's account page
    (benefits.accounts.save_bank_account: number checked, reason and author kept)."""

    list_display = ("child", "holder_name", "bank_name", "masked_number", "is_active")
    fields = ("child", "bank_name", "holder_name", "holder_relation", "masked_number", "is_active")
    readonly_fields = fields
    search_fields = ("holder_name",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AllowanceStandard)
class AllowanceStandardAdmin(admin.ModelAdmin):
    list_display = ("category", "area", "monthly_amount", "effective_from", "effective_to", "legal_basis")
    list_filter = ("category",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
