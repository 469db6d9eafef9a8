"""Eligibility applications (认定申请) and the payment accounts of children."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.accounts.choices import ACCOUNT_READER_ROLES
from childwelfare.lib.idnumber import IDNumberError, mask, parse
from childwelfare.workflow.machines import StateMachine

from ..choices import (
    HOLDER_RELATIONS,
    ApplicantKind,
    ApplicationKind,
    ApplicationStatus,
)
from ..querysets import (
    ApplicationQuerySet,
)

User = settings.AUTH_USER_MODEL
_money = {"max_digits": 10, "decimal_places": 2}


class BankAccount(models.Model):
    """Where a child's allowance is paid (收款账户: a 社会保障卡 or a bank account of the child
    or of a guardian). The number is stored Fernet-encrypted (like ID numbers and phones) and
    shown masked (`masked_number`); changes are kept by django-simple-history, with who and
    why. A child without an active account has their payroll lines held
    (benefits.payroll: not in the bank file, paid once the account exists). Written only
    through benefits.accounts."""

    child = models.OneToOneField(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="bank_account"
    )
    bank_name = models.CharField(_("开户行"), max_length=100)
    holder_name = models.CharField(_("户名"), max_length=50)
    holder_relation = models.CharField(
        _("户主与儿童关系"), max_length=30, choices=HOLDER_RELATIONS, blank=True
    )
    account_number = EncryptedCharField(_("账号"), max_length=40)
    is_active = models.BooleanField(_("账户有效"), default=True)
    version = models.PositiveIntegerField(default=0)

    scope = Scope("child__area__code", readers=ACCOUNT_READER_ROLES)
    history = HistoricalRecords(excluded_fields=["version"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("发放账户")
        verbose_name_plural = _("发放账户")

    def __str__(self) -> str:
        return f"{self.holder_name} {self.bank_name}"

    @property
    def masked_number(self) -> str:
        """The account number as shown without "view full ID" (mask_account_number)."""
        return mask_account_number(self.account_number)


def mask_account_number(number: str | None) -> str:
    """An account number as shown to anyone without "view full ID", on pages, in history and
    in exports. A social security card's number (社会保障号码) is the holder's ID number:
    masked as one (lib.idnumber.mask, region only). A bank account number shows its first
    six (the bank) and last four digits, as on a bank's own statements."""
    number = number or ""
    try:
        parse(number)
    except IDNumberError:
        if len(number) < 10:
            return "*" * len(number)
        return number[:6] + "*" * (len(number) - 10) + number[-4:]
    return mask(number)


class EligibilityApplication(models.Model):
    """An application for recognition as a de facto unsupported child or an orphan
    (民发〔2019〕62号): township verification within 15 working days, district confirmation
    within 15 working days, the allowance from the month after confirmation."""

    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(_("申请类型"), max_length=30, choices=ApplicationKind.choices)
    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("申请人"), max_length=50)
    applicant_relation = models.CharField(_("与儿童关系"), max_length=30, blank=True)
    submitted_on = models.DateField(_("申请日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    version = models.PositiveIntegerField(default=0)
    verify_due = models.DateField(_("查验期限"))
    confirm_due = models.DateField(_("确认期限"), null=True, blank=True)
    calendar_note = models.CharField(_("工作日计算说明"), max_length=200, blank=True)
    verified_on = models.DateField(_("查验日期"), null=True, blank=True)
    verified_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verification_note = models.TextField(_("查验意见"), blank=True)
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    refused_on = models.DateField(_("不予认定日期"), null=True, blank=True)
    refused_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    refusal_reason = models.TextField(_("不予认定理由"), blank=True)
    eligibility = models.JSONField(_("条件核对结果"), default=dict, blank=True)
    spell = models.ForeignKey(
        "registry.CategorySpell", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope = Scope("child__area__code")
    history = HistoricalRecords()
    objects = ApplicationQuerySet.as_manager()

    workflow = StateMachine(
        area="child__area_id",
        moves={
            ApplicationStatus.SUBMITTED: {
                ApplicationStatus.VERIFIED,
                ApplicationStatus.REFUSED,
                ApplicationStatus.WITHDRAWN,
            },
            ApplicationStatus.VERIFIED: {ApplicationStatus.CONFIRMED, ApplicationStatus.REFUSED},
        },
    )

    class Meta:
        verbose_name = _("认定申请")
        verbose_name_plural = _("认定申请")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.child} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("benefits:application_detail", kwargs={"pk": self.pk})
