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
