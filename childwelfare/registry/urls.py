from django.urls import path

from .views import children

app_name = "registry"
urlpatterns = [
    path("", children.child_list, name="child_list"),
]
