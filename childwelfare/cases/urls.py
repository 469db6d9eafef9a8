from django.urls import path

from childwelfare.exports.views import export_view

from .views import intake

app_name = "cases"

urlpatterns = [
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
