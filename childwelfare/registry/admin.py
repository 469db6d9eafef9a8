"""Read-only admin of the child file for superusers: browsing and support. Changes go through
the staff pages (registry.services), so the admin neither adds, changes nor deletes, and ID
numbers appear only masked."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import CategorySpell, Child, FamilyMember, ParentCondition


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FamilyMemberInline(ReadOnlyInline):
    model = FamilyMember
    fields = ("relation", "name", "masked_id", "phone", "is_guardian", "lives_with_child")
    readonly_fields = fields

    @admin.display(description=_("公民身份号码"))
    def masked_id(self, obj):
        return obj.masked_id


class CategorySpellInline(ReadOnlyInline):
    model = CategorySpell
    fields = ("category", "start_date", "end_date", "end_reason")
    readonly_fields = fields


@admin.register(Child)
class ChildAdmin(ReadOnlyAdmin):
    list_display = ("name", "gender", "masked_id", "birth_date", "area", "school_status")
    list_filter = ("gender", "school_status")
    search_fields = ("name", "name_pinyin", "name_initials")
    list_select_related = ("area",)
    raw_id_fields = ("area", "hukou_area")
    exclude = ("id_number",)
    readonly_fields = ("masked_id",)
    inlines = [FamilyMemberInline, CategorySpellInline]

    @admin.display(description=_("公民身份号码"))
    def masked_id(self, obj):
        return obj.masked_id

    def get_search_results(self, request, queryset, search_term):
        """The site's search (name, pinyin, ID number, last four, phone through keyed hashes)."""
        return queryset.search(search_term), False


@admin.register(ParentCondition)
class ParentConditionAdmin(ReadOnlyAdmin):
    list_display = (
        "member",
        "situation",
        "start_date",
        "end_date",
        "evidence_reference",
        "disability_type",
        "disability_grade",
    )
    list_filter = ("situation",)
    list_select_related = ("member",)
    raw_id_fields = ("member",)
