from django.urls import path

from childwelfare.exports.views import export_view

app_name = "cases"

# --- caseflow: the case list and page, its steps, the plan's actions ------------------------
from .views import caseflow, caseflow_actions  # noqa: E402

urlpatterns = [
    path("", caseflow.case_list, name="case_list"),
    path("export/", export_view("cases"), name="case_export"),
    path("open/<int:pk>/", caseflow.case_open, name="case_open"),
    path("<int:pk>/", caseflow.case_detail, name="case_detail"),
    path("<int:pk>/edit/", caseflow.case_edit, name="case_edit"),
    path("<int:pk>/assess/", caseflow.case_start_assessment, name="case_start_assessment"),
    path("<int:pk>/review/", caseflow.case_begin_review, name="case_begin_review"),
    path("<int:pk>/review/finish/", caseflow.case_finish_review, name="case_finish_review"),
    path("<int:pk>/approval/", caseflow.case_request_approval, name="case_request_approval"),
    path("<int:pk>/closure/", caseflow.case_request_closure, name="case_request_closure"),
    path("<int:pk>/decide/", caseflow.case_decide, name="case_decide"),
    path("<int:pk>/reopen/", caseflow.case_reopen, name="case_reopen"),
    path("<int:pk>/goals/", caseflow.case_goal_add, name="case_goal_add"),
    path("<int:pk>/goals/achieved/", caseflow.case_goal_achieved, name="case_goal_achieved"),
    path("<int:pk>/actions/", caseflow.case_action_add, name="case_action_add"),
    path("<int:pk>/notes/", caseflow.case_note_add, name="case_note_add"),
    path("department/", caseflow_actions.department_actions, name="department_actions"),
    path("actions/<int:pk>/", caseflow_actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/progress/", caseflow_actions.action_progress, name="action_progress"),
    path("actions/<int:pk>/complete/", caseflow_actions.action_complete, name="action_complete"),
    path("actions/<int:pk>/reopen/", caseflow_actions.action_reopen, name="action_reopen"),
]

# --- intake and mandatory reports (part "intake") -------------------------------------------
from .views import intake  # noqa: E402

urlpatterns += [
    # --- intake and mandatory reports (part "intake") ---------------------------------------
    path("intake/", intake.intake_list, name="intake_list"),
    path("intake/export/", export_view("intakes"), name="intake_export"),
    path("intake/new/", intake.intake_create, name="intake_create"),
    path("intake/report/new/", intake.report_create, name="report_create"),
    path("intake/<int:pk>/", intake.intake_detail, name="intake_detail"),
    path("intake/<int:pk>/open/", intake.intake_open_case, name="intake_open_case"),
    path("intake/<int:pk>/decline/", intake.intake_decline, name="intake_decline"),
    path("intake/<int:pk>/child/", intake.intake_attach_child, name="intake_attach_child"),
    path("intake/<int:pk>/attachments/", intake.intake_attach, name="intake_attach"),
    path("intake/<int:pk>/acknowledge/", intake.report_acknowledge, name="report_acknowledge"),
    path("intake/<int:pk>/outcome/", intake.report_outcome, name="report_outcome"),
    path("intake/attachments/<int:pk>/", intake.attachment_download, name="attachment_download"),
]

# --- conference (会商) -----------------------------------------------------------------------
from .views import conference, conference_record  # noqa: E402

urlpatterns += [
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

# --- guardianship ---------------------------------------------------------------------------
from .views import guardianship  # noqa: E402

urlpatterns += [
    # --- guardianship ---------------------------------------------------------------------
    path("guardianship/", guardianship.guardianship_list, name="guardianship_list"),
    path("guardianship/child/<int:pk>/", guardianship.guardianship_child, name="guardianship_child"),
    path("guardianship/child/<int:pk>/new/", guardianship.guardianship_create, name="guardianship_create"),
    path("guardianship/<int:pk>/", guardianship.guardianship_detail, name="guardianship_detail"),
    path("guardianship/<int:pk>/assess/", guardianship.guardianship_assess, name="guardianship_assess"),
    path("guardianship/<int:pk>/end/", guardianship.guardianship_end, name="guardianship_end"),
    path("guardianship/<int:pk>/long-term/", guardianship.guardianship_convert, name="guardianship_convert"),
]
