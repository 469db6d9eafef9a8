from django.urls import path

from .views import conference, conference_record

app_name = "cases"

urlpatterns = [
    # --- conference (会商) ---------------------------------------------------------------------
    path("conferences/", conference.conference_list, name="conference_list"),
    path("conferences/new/", conference.conference_create, name="conference_create"),
    path("conferences/<int:pk>/", conference.conference_detail, name="conference_detail"),
    path(
        "conferences/<int:pk>/attendance/",
        conference_record.conference_attendance,
        name="conference_attendance",
    ),
    path("conferences/<int:pk>/minutes/", conference_record.conference_minutes, name="conference_minutes"),
    path(
        "conferences/<int:pk>/minutes.pdf", conference.conference_minutes_pdf, name="conference_minutes_pdf"
    ),
    path("conferences/<int:pk>/cancel/", conference.conference_cancel, name="conference_cancel"),
    path("conferences/<int:pk>/papers/", conference.conference_paper_upload, name="conference_paper_upload"),
    path("conferences/papers/<int:pk>/", conference.conference_paper, name="conference_paper"),
    path("conferences/items/<int:pk>/", conference_record.conference_decision, name="conference_decision"),
    path(
        "conferences/decisions/<int:pk>/actions/",
        conference_record.conference_action_add,
        name="conference_action_add",
    ),
    path(
        "conferences/actions/<int:pk>/remind/", conference_record.conference_remind, name="conference_remind"
    ),
]
