from django.contrib import admin

from .models import Campaign, CareMeasure, Problem, RiskItem, RiskItemSet, VisitInterval
from .schedule import interval_days, restore_schedule, shift_schedule


@admin.register(VisitInterval)
class VisitIntervalAdmin(admin.ModelAdmin):
    """The visit interval settings; a change moves the stored schedule of the children of the
    colour by the difference (schedule.shift_schedule), or re-writes it for the colours
    concerned (schedule.restore_schedule) when a row changes colour or goes; one UPDATE, in
    the same transaction."""

    list_display = ("colour", "interval_days")

    def save_model(self, request, obj, form, change):
        before_colour = form.initial.get("colour") if change else obj.colour
        before_days = interval_days()[before_colour] if before_colour in interval_days() else None
        super().save_model(request, obj, form, change)
        if before_colour == obj.colour and before_days is not None:
            shift_schedule(obj.colour, obj.interval_days - before_days)
        else:
            restore_schedule({obj.colour, before_colour} - {None})

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
