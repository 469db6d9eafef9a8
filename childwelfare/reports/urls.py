from django.urls import path

from .views import drill

app_name = "reports"

urlpatterns = [
    path("figures/", drill.figure_list, name="figure"),
]
