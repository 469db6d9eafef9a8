from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("childwelfare.accounts.urls")),
    path("children/", include("childwelfare.registry.urls")),
    path("discovery/", include("childwelfare.discovery.urls")),
    path("benefits/", include("childwelfare.benefits.urls")),
    path("stations/", include("childwelfare.stations.urls")),
    path("cases/", include("childwelfare.cases.urls")),
    path("audit/", include("childwelfare.audit.urls")),
    path("workflow/", include("childwelfare.workflow.urls")),
    path("session/", include("childwelfare.submissions.urls")),
    path("exports/", include("childwelfare.exports.urls")),
    path("outreach/", include("childwelfare.outreach.urls")),
    path("deadlines/", include("childwelfare.deadlines.urls")),
    path("reports/", include("childwelfare.reports.urls")),
]
