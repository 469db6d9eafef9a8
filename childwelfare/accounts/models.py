from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Department, Role


class User(AbstractUser):
    """A platform user: one role, one area (the subtree they work in), and for a
    department liaison, their department."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.CharField(_("部门"), max_length=32, choices=Department.choices, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # Set when someone else chose the password (an administrator created the account or reset
    # it); the user can then open only the password-change page (accounts.middleware).
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class PasswordReset(models.Model):
    """An administrator's reset of someone's password (accounts.services.reset_password): who,
    whose, when and from where. The temporary password itself is never stored."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="+")
    reset_by = models.ForeignKey(User, verbose_name=_("重置人"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("密码重置记录")
        verbose_name_plural = _("密码重置记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} ← {self.reset_by}"
