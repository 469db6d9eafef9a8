from django.urls import path

from childwelfare.exports.views import export_view

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.deadline_list, name="list"),
    path("export/", export_view("deadlines"), name="export"),
    path("board/", views.board, name="board"),
    path("approvals/", views.approval_list, name="approvals"),
    path("<int:pk>/", views.deadline_detail, name="detail"),
    path("<int:pk>/change/", views.change_request, name="change_request"),
    path("changes/<int:pk>/decide/", views.change_decide, name="change_decide"),
]
