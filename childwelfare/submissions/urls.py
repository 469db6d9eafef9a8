from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("keep-alive/", views.keep_alive, name="keep_alive"),
]
