from django.urls import path

from childwelfare.exports.views import export_view

from .views import attention, batch, campaigns, care, documents, imports, problems, records, visits, work

app_name = "discovery"
urlpatterns = [
    path("", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/start/", campaigns.campaign_start, name="campaign_start"),
    path("campaigns/<int:pk>/close/", campaigns.campaign_close, name="campaign_close"),
    path("campaigns/<int:pk>/import/", imports.campaign_import, name="campaign_import"),
    path("campaigns/<int:pk>/records/", campaigns.record_list, name="record_list"),
    path("campaigns/<int:pk>/records/export/", export_view("records"), name="record_export"),
    path("campaigns/<int:pk>/add-child/", records.add_child, name="add_child"),
    path("records/<int:pk>/", records.record_detail, name="record_detail"),
    path("records/<int:pk>/screen/", records.record_screen, name="record_screen"),
    path("records/<int:pk>/verify/", records.record_verify, name="record_verify"),
    path("records/<int:pk>/return/", records.record_return, name="record_return"),
    path("records/<int:pk>/revisit/", records.record_revisit, name="record_revisit"),
    path("records/<int:pk>/confirm/", records.record_confirm, name="record_confirm"),
    path("records/<int:pk>/resolve/", records.record_resolve, name="record_resolve"),
    path("grade-preview/", records.grade_preview, name="grade_preview"),
    path("work/", work.work, name="work"),
    path("work/confirm/", batch.confirm_many, name="confirm_many"),
    path("work/verify/", batch.verify_many, name="verify_many"),
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/export/", export_view("visits"), name="visit_export"),
    path("children/<int:pk>/", care.child_page, name="child"),
    path("children/<int:pk>/visit/", visits.child_visit, name="child_visit"),
    path("children/<int:pk>/visit-form.pdf", documents.visit_form_pdf, name="visit_form_pdf"),
    path("visits/<int:pk>/form.pdf", documents.visit_record_pdf, name="visit_record_pdf"),
    path("problems/", problems.problem_list, name="problem_list"),
    path("problems/export/", export_view("problems"), name="problem_export"),
    path("problems/<int:pk>/", problems.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/action/", problems.problem_action, name="problem_action"),
    path("problems/<int:pk>/solve/", problems.problem_solve, name="problem_solve"),
    path("problems/<int:pk>/close/", problems.problem_close, name="problem_close"),
    path("problems/<int:pk>/reopen/", problems.problem_reopen, name="problem_reopen"),
    path("problems/<int:pk>/transfer/", problems.problem_transfer, name="problem_transfer"),
    path("problems/<int:pk>/extend/", problems.problem_extend, name="problem_extend"),
    path("problems/<int:pk>/remind/", problems.problem_remind, name="problem_remind"),
    path("attention/", attention.attention, name="attention"),
]
