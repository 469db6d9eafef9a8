from django.contrib import admin

from .models import TransitionEvent


@admin.register(TransitionEvent)
class TransitionEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "kind", "object_id", "from_status", "to_status", "step", "area_code")
    list_filter = ("kind",)
    search_fields = ("actor__username", "actor__full_name", "area_code", "reason")
    raw_id_fields = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
