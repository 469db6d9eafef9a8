"""A child's payment account (收款账户): the writes and the logged reveal of the number
(issue 8, item 9). Until these pages, accounts were entered only in Django's admin and a
payroll of a child without one sent the bank a row marked （未登记账户）; now such a child's
lines are held (benefits.payroll) and paid once the account is entered here."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, F, IntegerField, Sum, When
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from childwelfare.access.scope import ensure_visible
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.errors import ConflictError, DomainError
from childwelfare.lib.idnumber import IDNumberError, parse

from . import permissions
from .choices import HOLDER_RELATIONS, LineKind, PayrollStatus
from .models import BankAccount, PayrollLine

# A bank account or card number: 12 to 30 digits (cards have 16–19; passbook and social
# security card accounts of some banks are longer or shorter). A social security number
# (the holder's ID number) is accepted as it is.
MIN_DIGITS, MAX_DIGITS = 12, 30
_SEPARATORS = re.compile(r"[\s\-]")


class AccountError(DomainError):
    """A payment-account change refused (lib.errors.DomainError: code, field, message)."""


class AccountConflict(AccountError, ConflictError):
    """Someone changed the account since the form was opened; nothing was written."""


def normalise_account_number(raw: object) -> str:
    """Text as typed → the number: full-width digits become ASCII, spaces and hyphens go, a
    trailing x of an ID number becomes X. "6222 0202-0011 2233 445" → "6222020200112233445"."""
    text = unicodedata.normalize("NFKC", str(raw or ""))
    return _SEPARATORS.sub("", text).upper()


def check_account_number(number: str) -> None:
    """Raise AccountError (field 'account_number') unless `number` (normalised) is 12–30
    digits or a valid ID number (a social security card's number)."""
    if not number:
        raise AccountError(_("请填写账号"), code="account_number_required", field="account_number")
    try:
        parse(number)
    except IDNumberError:
        pass
    else:
        return
    if not number.isdigit():
        raise AccountError(
            _("账号只能由数字组成（社会保障卡可填写社会保障号码）"),
            code="account_number_digits",
            field="account_number",
        )
    if not MIN_DIGITS <= len(number) <= MAX_DIGITS:
        raise AccountError(
            _("账号应为%(min)s至%(max)s位数字，现为%(n)s位"),
            code="account_number_length",
            field="account_number",
            params={"min": MIN_DIGITS, "max": MAX_DIGITS, "n": len(number)},
        )


def fails_card_check(number: str) -> bool:
    """A 16–19 digit number whose last digit is not its Luhn check digit. Most bank cards
    (UnionPay) carry one, but not every Chinese account number does, so this only asks the
    user to check the number again — it never refuses it."""
    if not (number.isdigit() and 16 <= len(number) <= 19):
        return False
    try:
        parse(number)
    except IDNumberError:
        return not luhn.is_valid(number)
    return False  # a social security number: its own check digit was checked


@transaction.atomic
def save_bank_account(
    child,
    *,
    actor,
    bank_name: str,
    holder_name: str,
    holder_relation: str = "",
    account_number: str = "",
    is_active: bool = True,
    reason: str = "",
    number_checked: bool = False,
    expected_version: int | None = None,
) -> BankAccount:
    """Add the child's payment account, or change it (an empty `account_number` keeps the
    stored one). A change needs a `reason`, kept in the account's history with the actor.
    A card number failing its check digit (fails_card_check) is saved only with
    `number_checked`. Returns the account.

    Raises OutOfScope (the child outside the actor's area), AccountError (role:
    'cannot_edit_account'; the number: see check_account_number, 'card_check_unconfirmed';
    'reason_required'; 'holder_relation'), AccountConflict when the account's version is no
    longer `expected_version`.
    """
    ensure_visible(child, actor)
    if not permissions.can_edit_account(actor, child.area_id):
        raise AccountError(
            _("只有本辖区的区民政干部或儿童督导员可以登记发放账户"), code="cannot_edit_account"
        )
    if holder_relation and holder_relation not in dict(HOLDER_RELATIONS):
        raise AccountError(_("请选择户主与儿童的关系"), code="holder_relation", field="holder_relation")
    account = BankAccount.objects.select_for_update().filter(child=child).first()
    if account is not None and expected_version is not None and account.version != expected_version:
        raise AccountConflict(
            _("发放账户已被他人修改，请查看最新内容后再修改"), code="stale_version", field=None
        )
    number = normalise_account_number(account_number)
    if number or account is None:
        check_account_number(number)
        if fails_card_check(number) and not number_checked:
            raise AccountError(
                _(
                    "账号未通过银行卡校验位检查，请与银行卡或存折核对；核对无误（部分银行账号不适用此校验）请勾选确认后保存"
                ),
                code="card_check_unconfirmed",
                field="account_number",
            )
    if account is None:
        account = BankAccount(child=child)
    elif not reason.strip():
        raise AccountError(_("修改发放账户须填写变更原因"), code="reason_required", field="reason")
    account.bank_name = bank_name.strip()
    account.holder_name = holder_name.strip()
    account.holder_relation = holder_relation
    if number:
        account.account_number = number
    account.is_active = is_active
    account.version += 1
    account._history_user = actor
    account._change_reason = reason.strip() or None
    account.save()
    return account


def reveal_account_number(account: BankAccount, *, actor, request=None) -> str:
    """The unmasked number of a payment account, logged (audit.log_access, like a full ID
    number). Raises PermissionError without the permission
    (permissions.can_reveal_account_number) and OutOfScope when the child is outside the
    actor's area."""
    if not permissions.can_reveal_account_number(actor):
        raise PermissionError("您没有查看完整账号的权限")
    ensure_visible(account, actor)
    log_access(
        user=actor,
        action=AccessAction.VIEW_FULL_ID,
        obj=account,
        detail=f"查看完整账号：{account.child.name}",
        request=request,
    )
    return account.account_number


def held_balance(child) -> Decimal:
    """What approved payrolls held for the child (no active account then) and no approved
    payroll has released yet, in yuan: the amount the next payroll pays once the account is
    active (benefits.payroll._release_insert)."""
    fen = Cast(Round(F("amount") * 100), IntegerField())
    totals = PayrollLine.objects.filter(child=child, payroll__status=PayrollStatus.APPROVED).aggregate(
        held_fen=Sum(Case(When(held=True, then=fen), default=0)),
        released_fen=Sum(Case(When(kind=LineKind.RELEASED, held=False, then=fen), default=0)),
    )
    balance = (totals["held_fen"] or 0) - (totals["released_fen"] or 0)
    return (Decimal(balance) / 100).quantize(Decimal("0.01"))
