from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("jobs/<int:pk>/", views.job_page, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
    path("access-log/", views.export_view("access_log"), name="access_log"),
]
