from django.urls import path

app_name = "benefits"
urlpatterns: list = []
