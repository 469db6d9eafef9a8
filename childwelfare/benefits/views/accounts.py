"""A child's payment account (收款账户, issue 8 item 9): the page (masked number, what is held
for the child, the change history), the add/change form, the logged reveal of the number;
and a payroll's list of children whose payment is held for want of an account (待补登账户).

Every page starts from the child (or payroll) the user may see: outside scope is a 404; a
role that may not use the page is a 403 (childwelfare.access.guards)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, Sum
from django.db.models.functions import Cast, Round
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from childwelfare.access.guards import deny_unless, get_visible_or_404
from childwelfare.access.scope import OutOfScope
from childwelfare.lib.paging import SortMap, paginate
from childwelfare.registry.models import Child
from childwelfare.submissions.once import submits_once

from .. import permissions
from ..account_forms import BankAccountForm
from ..accounts import AccountError, held_balance, reveal_account_number, save_bank_account
from ..models import BankAccount, Payroll, PayrollLine
from ..timeline import account_events


def _child(request, pk) -> Child:
    return get_visible_or_404(Child.objects.select_related("area"), request.user, pk=pk)


@login_required
def bank_account(request, pk):
    """The child's payment account: bank, holder, number masked (revealed on request to
    those with the permission), state, the amount held for the child, the change history."""
    child = _child(request, pk)
    user = request.user
    deny_unless(permissions.can_read_accounts(user))
    account = BankAccount.objects.filter(child=child).first()
    context = {
        "child": child,
        "account": account,
        "events": list(reversed(account_events(child))),
        "held": held_balance(child),
        "may_edit": permissions.can_edit_account(user, child.area_id),
        "may_reveal": account is not None and permissions.can_reveal_account_number(user),
    }
    return render(request, "benefits/bank_account.html", context)


@login_required
@submits_once
def bank_account_edit(request, pk):
    """Add or change the child's payment account (benefits.accounts.save_bank_account); an
    error shows the form again with the message beside its field."""
    child = _child(request, pk)
    user = request.user
    deny_unless(permissions.can_edit_account(user, child.area_id))
    account = BankAccount.objects.filter(child=child).first()
    if request.method == "POST":
        form = BankAccountForm(request.POST, account=account)
        if form.is_valid():
            try:
                saved = save_bank_account(child, actor=user, **form.service_kwargs())
            except AccountError as exc:
                form.add_service_error(exc)
            else:
                held = held_balance(child)
                message = _("发放账户已保存")
                if held and saved.is_active:
                    message += _("；此前暂缓发放的 %(amount)s 元将在下次计算的发放名册中补发") % {
                        "amount": held
                    }
                messages.success(request, message)
                return redirect("benefits:bank_account", pk=child.pk)
    else:
        form = BankAccountForm(account=account)
    return render(
        request, "benefits/bank_account_form.html", {"child": child, "account": account, "form": form}
    )


@never_cache
@require_POST
@login_required
def bank_account_number(request, pk):
    """The full account number, logged (reveal_account_number). htmx gets the number alone."""
    child = _child(request, pk)
    deny_unless(permissions.can_read_accounts(request.user))
    account = BankAccount.objects.filter(child=child).select_related("child").first()
    if account is None:
        raise Http404
    try:
        number = reveal_account_number(account, actor=request.user, request=request)
    except OutOfScope as exc:
        raise Http404 from exc
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    context = {"number": number}
    if request.htmx:
        return render(request, "registry/_full_id.html", context)
    return render(request, "benefits/bank_account_number.html", {"child": child, **context})


# Children in pinyin order by default (lib.paging); every key is grouped on (values above).
HELD_SORTS = SortMap(
    {
        "name": ("child__name_sort", "child_id"),
        "area": ("child__area_id", "child__name_sort", "child_id"),
        "amount": ("fen", "child_id"),
    },
    default="name",
)


@login_required
def payroll_held(request, pk):
    """The children of a payroll whose lines are held (no active account when computed), 50
    a page: the held amount per child, the account's state now, a link to the account page."""
    user = request.user
    payroll = get_visible_or_404(Payroll.objects.select_related("area"), user, pk=pk)
    rows = (
        PayrollLine.objects.visible_to(user)
        .filter(payroll=payroll, held=True)
        .values("child_id", "child__name", "child__name_sort", "child__area_id", "child__area__full_name")
        .annotate(fen=Sum(Cast(Round(F("amount") * 100), IntegerField())), lines=Count("id"))
    )
    page = paginate(request, rows, sorting=HELD_SORTS.read(request))
    ids = [row["child_id"] for row in page.object_list]
    accounts = dict(BankAccount.objects.filter(child_id__in=ids).values_list("child_id", "is_active"))
    for row in page.object_list:
        row["amount"] = Decimal(row["fen"]) / 100
        row["account"] = accounts.get(row["child_id"])
    context = {
        "payroll": payroll,
        "page": page,
        "may_open_accounts": permissions.can_read_accounts(user),
    }
    return render(request, "benefits/payroll_held.html", context)
