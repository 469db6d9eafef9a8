from django.urls import path

from childwelfare.exports.views import export_view

from .views import children, conflicts, documents, imports, merge, transfers, unknown

app_name = "registry"
urlpatterns = [
    path("", children.child_list, name="child_list"),
    path("export/", export_view("children"), name="child_export"),
    path("<int:pk>/", children.child_detail, name="child_detail"),
    path("<int:pk>/full-id/", children.child_full_id, name="child_full_id"),
    path("<int:pk>/file.pdf", documents.child_file_pdf, name="child_file_pdf"),
    path("<int:pk>/merge/", merge.child_merge, name="child_merge"),
    # the unknown-identity child and the undo of a merge (issue 10)
    path("unknown/new/", unknown.unknown_child_create, name="unknown_child_create"),
    path("<int:pk>/photo/", unknown.child_photo, name="child_photo"),
    path("<int:pk>/identity/", unknown.child_complete_identity, name="child_complete_identity"),
    path("merges/<int:pk>/undo/", unknown.merge_undo, name="merge_undo"),
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<int:pk>/", imports.import_job, name="import_job"),
    path("import/<int:pk>/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/<int:pk>/progress/", imports.import_progress, name="import_progress"),
    path("import/<int:pk>/errors.xlsx", imports.import_error_report, name="import_error_report"),
    path("conflicts/", conflicts.conflict_list, name="conflict_list"),
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("conflicts/<int:pk>/handle/", conflicts.conflict_handle, name="conflict_handle"),
]
