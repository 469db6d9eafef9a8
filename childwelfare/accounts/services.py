"""Writes to accounts."""

from .models import User


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
