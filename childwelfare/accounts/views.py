"""The home page, "我的工作": what the signed-in user works on. Each app contributes a panel
(accounts.home.register_home_panel); liaisons, reviewers and auditors also get a short text
saying what they can do."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import EXPLAINED_ROLES
from .home import render_panels
from .permissions import can_edit_children, can_read_children
from .services import password_changed


@login_required
def home(request):
    user = request.user
    context = {
        "may_read": can_read_children(user),
        "may_edit": can_edit_children(user),
        "explained": user.role in EXPLAINED_ROLES,
    }
    context["panels"] = render_panels(request, timezone.localdate())
    return render(request, "accounts/home.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (old password, new twice, AUTH_PASSWORD_VALIDATORS). The
    session stays signed in; a required change (`must_change_password`) is then lifted."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(form.user)
        messages.success(self.request, _("密码已修改"))
        return response
