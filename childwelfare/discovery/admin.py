from django.contrib import admin

from .models import Campaign, CareMeasure, Problem, RiskItem, RiskItemSet, VisitInterval
from .schedule import restore_schedule


@admin.register(VisitInterval)
class VisitIntervalAdmin(admin.ModelAdmin):
    """The visit interval settings; a change re-writes the stored schedule of the children of
    the colours concerned in one UPDATE (schedule.restore_schedule), in the same transaction."""

    list_display = ("colour", "interval_days")

    def save_model(self, request, obj, form, change):
        before = form.initial.get("colour") if change else None
        super().save_model(request, obj, form, change)
        restore_schedule({obj.colour, before} - {None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        restore_schedule([obj.colour])

    def delete_queryset(self, request, queryset):
        colours = list(queryset.values_list("colour", flat=True))
        super().delete_queryset(request, queryset)
        restore_schedule(colours)


class RiskItemInline(admin.TabularInline):
    model = RiskItem
    extra = 0


@admin.register(RiskItemSet)
class RiskItemSetAdmin(admin.ModelAdmin):
    list_display = (
        "version",
        "name",
        "effective_from",
        "red_min_score",
        "yellow_min_score",
        "blue_min_score",
    )
    inlines = [RiskItemInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "area", "status", "start_date", "end_date")
    list_filter = ("status", "year")
    raw_id_fields = ("area", "created_by")


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("kind", "department", "status", "deadline")
    list_filter = ("kind", "department", "status")
    raw_id_fields = ("child", "record", "raised_by", "solved_by", "closed_by")


@admin.register(CareMeasure)
class CareMeasureAdmin(admin.ModelAdmin):
    list_display = ("measure_type", "provider_name", "status", "start_date", "end_date")
    raw_id_fields = ("child", "created_by")
