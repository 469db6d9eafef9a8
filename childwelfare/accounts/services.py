"""Writes to accounts."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from childwelfare.lib.errors import DomainError

from .models import PasswordReset, User
from .permissions import can_reset_password

# A temporary password: 12 characters from letters and digits that are not confused when
# read aloud or copied by hand (no 0/O, 1/l/I).
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TEMPORARY_LENGTH = 12


class AccountError(DomainError):
    """An account change refused by a rule (lib.errors.DomainError)."""


def system_user() -> User:
    """The account the command line acts as: a superuser without an area (so it may act on
    the whole city), inactive and without a usable password, so nobody can log in as it."""
    user, created = User.objects.get_or_create(
        username="system", defaults={"full_name": "系统（命令行）", "is_superuser": True, "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def require_password_change(user: User, *, save: bool = True) -> None:
    """The password of `user` was chosen by someone else (an administrator created the account
    or reset the password): they must choose their own at their next sign-in (issue 13)."""
    user.must_change_password = True
    if save and user.pk:
        user.save(update_fields=["must_change_password"])


def password_changed(user: User) -> None:
    """The user chose their own password (the password-change page): lift the requirement."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


def temporary_password() -> str:
    """A random temporary password (TEMPORARY_LENGTH characters of TEMPORARY_ALPHABET, with at
    least one letter and one digit, so the password validators' "all digits" never applies)."""
    while True:
        value = "".join(secrets.choice(TEMPORARY_ALPHABET) for _i in range(TEMPORARY_LENGTH))
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


@transaction.atomic
def reset_password(target: User, *, actor: User, ip_address: str | None = None) -> str:
    """Give `target` a new temporary password and return it (text, shown once to the actor,
    never stored in clear): the old password stops working, the target's sessions end
    (Django checks the password hash of each session), they must choose their own password
    at their next sign-in (require_password_change) and a sign-in lockout on their name is
    lifted. Recorded as a PasswordReset (who, whose, when, client address).

    Raises AccountError "cannot_reset_password" when permissions.can_reset_password refuses;
    nothing is changed then."""
    if not can_reset_password(actor, target):
        raise AccountError(_("您不能重置该用户的密码"), code="cannot_reset_password")
    password = temporary_password()
    target.set_password(password)
    require_password_change(target, save=False)
    target.save(update_fields=["password", "must_change_password"])
    PasswordReset.objects.create(user=target, reset_by=actor, ip_address=ip_address or None)
    username = target.get_username()
    transaction.on_commit(lambda: _lift_lockout(username))
    return password


def _lift_lockout(username: str) -> None:
    from axes.utils import reset

    reset(username=username)
