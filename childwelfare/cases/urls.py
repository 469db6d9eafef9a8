from django.urls import path

from .views import guardianship

app_name = "cases"

urlpatterns = [
    # --- guardianship ---------------------------------------------------------------------
    path("guardianship/", guardianship.guardianship_list, name="guardianship_list"),
    path("guardianship/child/<int:pk>/", guardianship.guardianship_child, name="guardianship_child"),
    path("guardianship/child/<int:pk>/new/", guardianship.guardianship_create, name="guardianship_create"),
    path("guardianship/<int:pk>/", guardianship.guardianship_detail, name="guardianship_detail"),
    path("guardianship/<int:pk>/assess/", guardianship.guardianship_assess, name="guardianship_assess"),
    path("guardianship/<int:pk>/end/", guardianship.guardianship_end, name="guardianship_end"),
    path("guardianship/<int:pk>/long-term/", guardianship.guardianship_convert, name="guardianship_convert"),
]
