"""The home page, "我的工作": what the signed-in user works on. Each app contributes a panel
(accounts.home.register_home_panel); liaisons, reviewers and auditors also get a short text
saying what they can do."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, page_for
from childwelfare.lib.paging import paginate
from childwelfare.submissions.once import submits_once

from .choices import EXPLAINED_ROLES, ROLE_SUMMARIES
from .forms import AccountFilterForm
from .home import abilities_for, render_panels
from .models import PasswordReset, User
from .permissions import can_edit_children, can_manage_accounts, can_read_children, can_reset_password
from .policy import area_prefix
from .services import AccountError, password_changed, reset_password


@login_required
def home(request):
    user = request.user
    context = {
        "may_read": can_read_children(user),
        "may_edit": can_edit_children(user),
        "explained": user.role in EXPLAINED_ROLES,
        # What the role can do, with links (issue 9): every role's landing page says it.
        "role_summary": ROLE_SUMMARIES.get(user.role, ""),
        "abilities": abilities_for(user),
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


# ---- user accounts of one's area: the administrator's password reset (issue 9) -----------


def accounts_in_scope(user):
    """The accounts whose area lies in `user`'s area subtree (every account for the system
    user; none for a user without an area), area and user name order."""
    prefix = area_prefix(user)
    if prefix is None:
        return User.objects.none()
    return (
        User.objects.filter(area__code__startswith=prefix)
        .select_related("area")
        .order_by("area_id", "username")
    )


def _account_or_404(request, pk) -> User:
    """An account of the requester's area subtree, else 404 (as a missing one), whatever the
    requester's role; the role is checked after (403)."""
    return get_object_or_404(accounts_in_scope(request.user), pk=pk)


@page_for(can_manage_accounts)
def account_list(request):
    """The accounts of the administrator's area, filtered by name, with a reset button where
    can_reset_password allows, and the latest resets in the area (who reset whose, when)."""
    form = AccountFilterForm(request.GET)
    accounts = form.apply(accounts_in_scope(request.user))
    page = paginate(request, accounts)
    for account in page.object_list:
        account.may_reset = can_reset_password(request.user, account)
    resets = (
        PasswordReset.objects.filter(user__in=accounts_in_scope(request.user))
        .select_related("user", "reset_by")
        .order_by("-at", "-id")[:RESETS_SHOWN]
    )
    return render(request, "accounts/account_list.html", {"form": form, "page": page, "resets": resets})


RESETS_SHOWN = 20


def _session_key(pk) -> str:
    return f"accounts.temporary_password.{pk}"


@require_POST
@login_required
@submits_once
def account_reset_password(request, pk):
    """Reset an account's password (accounts.services.reset_password); the temporary password
    waits in the administrator's session until the next page shows it, once."""
    target = _account_or_404(request, pk)
    deny_unless(can_manage_accounts(request.user) and can_reset_password(request.user, target))
    address = import_string(settings.AXES_CLIENT_IP_CALLABLE)(request)
    try:
        password = reset_password(target, actor=request.user, ip_address=address)
    except AccountError as error:
        messages.error(request, str(error))
        return redirect("account_list")
    request.session[_session_key(target.pk)] = password
    return redirect("account_reset_done", pk=target.pk)


@login_required
def account_reset_done(request, pk):
    """The temporary password, shown once (taken out of the session as it is shown)."""
    target = _account_or_404(request, pk)
    deny_unless(can_manage_accounts(request.user))
    password = request.session.pop(_session_key(target.pk), None)
    # Signed-in pages are sent with Cache-Control: no-store (accounts.middleware).
    return render(request, "accounts/account_reset_done.html", {"account": target, "password": password})
