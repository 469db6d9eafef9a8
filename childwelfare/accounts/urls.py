from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("users/", views.account_list, name="account_list"),
    path("users/<int:pk>/reset-password/", views.account_reset_password, name="account_reset_password"),
    path("users/<int:pk>/reset-password/done/", views.account_reset_done, name="account_reset_done"),
    path("", views.home, name="home"),
]
