from django.urls import path

from .views import dashboard, drill

app_name = "reports"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("figures/", drill.figure_list, name="figure"),
]
