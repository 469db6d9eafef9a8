from django.contrib import admin

from .models import ReviewerProfile


@admin.register(ReviewerProfile)
class ReviewerProfileAdmin(admin.ModelAdmin):
    """Where a reviewer comes from (the conflict-of-interest rule); set by a superuser."""

    list_display = ("user", "area", "department", "unit_name")
    raw_id_fields = ("user",)
