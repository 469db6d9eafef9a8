from django.urls import path
from django.views.generic import RedirectView

from childwelfare.exports.views import export_view

from .views import accounts, applications, documents, insurance, payroll, spells, standards

app_name = "benefits"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="benefits:application_list"), name="index"),
    path("standards/", standards.standard_list, name="standard_list"),
    path("standards/uprate/", standards.uprate, name="uprate"),
    path("standards/uprate/<int:pk>/", standards.uprating_detail, name="uprating_detail"),
    path("standards/uprate/<int:pk>/approve/", standards.uprating_approve, name="uprating_approve"),
    path("standards/uprate/<int:pk>/cancel/", standards.uprating_cancel, name="uprating_cancel"),
    path("applications/", applications.application_list, name="application_list"),
    path("applications/export/", export_view("applications"), name="application_export"),
    path("applications/new/", applications.application_create, name="application_create"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/approval.pdf",
        documents.application_approval_pdf,
        name="application_approval_pdf",
    ),
    path(
        "applications/<int:pk>/refusal.pdf", documents.application_refusal_pdf, name="application_refusal_pdf"
    ),
    path("applications/<int:pk>/verify/", applications.application_verify, name="application_verify"),
    path("applications/<int:pk>/confirm/", applications.application_confirm, name="application_confirm"),
    path("applications/<int:pk>/refuse/", applications.application_refuse, name="application_refuse"),
    path(
        "applications/<int:pk>/terminate/", applications.application_terminate, name="application_terminate"
    ),
    path("children/", applications.child_search, name="child_search"),
    path("children/<int:pk>/eligibility/", applications.eligibility_check, name="eligibility_check"),
    path("children/<int:pk>/account/", accounts.bank_account, name="bank_account"),
    path("children/<int:pk>/account/edit/", accounts.bank_account_edit, name="bank_account_edit"),
    path("children/<int:pk>/account/number/", accounts.bank_account_number, name="bank_account_number"),
    path("categories/pending/", spells.spell_review, name="spell_review"),
    path("payroll/", payroll.payroll_month, name="payroll_month"),
    path("payroll/run/", payroll.payroll_run, name="payroll_run"),
    path("payroll/<int:pk>/", payroll.payroll_detail, name="payroll_detail"),
    path("payroll/<int:pk>/lines.xlsx", export_view("payroll_lines"), name="payroll_lines_export"),
    path("payroll/<int:pk>/approve/", payroll.payroll_approve, name="payroll_approve"),
    path("payroll/<int:pk>/export.xlsx", payroll.payroll_export, name="payroll_export"),
    path("payroll/<int:pk>/sheet.pdf", documents.payroll_sheet_pdf, name="payroll_sheet_pdf"),
    path("payroll/<int:pk>/held/", accounts.payroll_held, name="payroll_held"),
    path("payroll/lines/<int:pk>/", payroll.payroll_line, name="payroll_line"),
    path("insurance/", insurance.insurance_index, name="insurance_index"),
    path("insurance/<int:pk>/", insurance.insurance_scheme, name="insurance_scheme"),
    path("insurance/<int:pk>/list/", export_view("insurance_roster"), name="insurance_list_export"),
    path("insurance/<int:pk>/roster/", insurance.insurance_roster, name="insurance_roster"),
    path("insurance/<int:pk>/policies/", insurance.insurance_policies, name="insurance_policies"),
    path("insurance/<int:pk>/export/", insurance.insurance_export, name="insurance_export"),
    path("insurance/<int:pk>/export/full/", insurance.insurance_export_full, name="insurance_export_full"),
    path("insurance/enrolments/<int:pk>/", insurance.insurance_enrolment, name="insurance_enrolment"),
]
