from django.urls import path

from .views import annual, dashboard, drill

app_name = "reports"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("figures/", drill.figure_list, name="figure"),
    path("annual/", annual.annual_page, name="annual"),
    path("annual/export/", annual.annual_export, name="annual_export"),
]
