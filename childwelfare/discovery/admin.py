from django.contrib import admin

from .models import Campaign, CareMeasure, Problem, RiskItem, RiskItemSet, VisitInterval


@admin.register(VisitInterval)
class VisitIntervalAdmin(admin.ModelAdmin):
    list_display = ("colour", "interval_days")


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
