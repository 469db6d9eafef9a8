"""The home page, "我的工作": what the signed-in user works on. Each app contributes a panel
(accounts.home.register_home_panel); liaisons, reviewers and auditors also get a short text
saying what they can do."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .choices import EXPLAINED_ROLES
from .home import render_panels
from .permissions import can_edit_children, can_read_children


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
