from django.urls import path

from childwelfare.exports.views import export_view

from .views import figures, imports, sites, work

app_name = "stations"

urlpatterns = [
    path("", sites.site_list, name="site_list"),
    path("new/", sites.site_create, name="site_create"),
    path("<int:pk>/", sites.site_detail, name="site_detail"),
    path("<int:pk>/edit/", sites.site_edit, name="site_edit"),
    path("<int:pk>/move/", sites.site_move, name="site_move"),
    path("<int:pk>/funding/add/", sites.site_funding_add, name="site_funding_add"),
    path("<int:pk>/training/add/", sites.site_training_add, name="site_training_add"),
    path("<int:pk>/inspections/add/", sites.site_inspection_add, name="site_inspection_add"),
    path("<int:pk>/changes/add/", sites.site_change_add, name="site_change_add"),
    path("<int:pk>/staff/add/", sites.site_member_add, name="site_member_add"),
    path("<int:pk>/projects/add/", work.project_create, name="project_create"),
    path("<int:pk>/activities/add/", work.activity_create, name="activity_create"),
    path("<int:pk>/activities/import/", imports.activity_import, name="activity_import"),
    path("activities/", work.activity_list, name="activity_list"),
    path("activities/export/", export_view("station_activities"), name="activity_export"),
    path("activities/<int:pk>/", work.activity_detail, name="activity_detail"),
    path("photos/<int:pk>/", work.photo, name="photo"),
    path("figures/", figures.figures_page, name="figures"),
]
