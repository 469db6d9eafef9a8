"""Monthly payrolls (月度发放) and their lines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope
from childwelfare.accounts.choices import PAYROLL_READER_ROLES
from childwelfare.registry.choices import Category
from childwelfare.workflow.machines import StateMachine

from ..choices import (
    LineKind,
    PayrollStatus,
)
from ..querysets import (
    PayrollLineQuerySet,
    PayrollQuerySet,
)
from .standards import AllowanceStandard

User = settings.AUTH_USER_MODEL
_money = {"max_digits": 10, "decimal_places": 2}


class Payroll(models.Model):
    """The allowance payroll of one district for one month (月度发放)."""

    area = models.ForeignKey("areas.Area", verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("发放月份"))
    status = models.CharField(
        _("状态"), max_length=10, choices=PayrollStatus.choices, default=PayrollStatus.DRAFT
    )
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    computed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    line_count = models.PositiveIntegerField(_("明细条数"), default=0)
    child_count = models.PositiveIntegerField(_("人数"), default=0)
    total_amount = models.DecimalField(_("合计（元）"), max_digits=14, decimal_places=2, default=0)
    # Part of total_amount held for children without an active payment account (not in the
    # bank file; paid by a later payroll once the account exists), and how many children.
    held_amount = models.DecimalField(_("暂缓发放（元）"), max_digits=14, decimal_places=2, default=0)
    held_child_count = models.PositiveIntegerField(_("暂缓发放人数"), default=0)
    version = models.PositiveIntegerField(default=0)

    scope = Scope("area__code", readers=PAYROLL_READER_ROLES)
    objects = PayrollQuerySet.as_manager()

    workflow = StateMachine(area="area_id", moves={PayrollStatus.DRAFT: {PayrollStatus.APPROVED}})

    class Meta:
        verbose_name = _("月度发放")
        verbose_name_plural = _("月度发放")
        ordering = ["-month", "area_id"]
        constraints = [models.UniqueConstraint(fields=["area", "month"], name="payroll_one_per_area_month")]

    def __str__(self) -> str:
        return f"{self.area} {self.month:%Y-%m}"


class PayrollLine(models.Model):
    """One child, one category spell, one standard segment, one month: the days, the
    unrounded and the rounded amount, and a snapshot of the inputs. Approved lines are never
    changed; corrections are new arrears or reversal lines pointing at what they correct."""

    # A month writes one or two lines per child, millions in a large city: every index and
    # foreign-key check costs on each insert. The unique constraint (payroll first) and the
    # (child, category, for_month) index serve every lookup, so the foreign keys carry no
    # index of their own; the snapshot references (child, spell, standard) are written only
    # by the payroll's own INSERT … SELECT from those very rows, so they skip the database's
    # per-row constraint check. So does the payroll itself (issue 14): every line is written
    # by benefits.payroll inside the transaction that holds its payroll's row locked
    # (select_for_update), with that row's own key, and payrolls are never deleted; the
    # database's check of it was a deferred trigger per line at commit (0.8 s of a 4 s run
    # at 100,000 children on PostgreSQL).
    payroll = models.ForeignKey(
        Payroll, on_delete=models.CASCADE, related_name="lines", db_index=False, db_constraint=False
    )
    child = models.ForeignKey(
        "registry.Child",
        on_delete=models.PROTECT,
        related_name="payroll_lines",
        db_index=False,
        db_constraint=False,
    )
    category = models.CharField(_("儿童类别"), max_length=40, choices=Category.choices)
    kind = models.CharField(_("类型"), max_length=10, choices=LineKind.choices, default=LineKind.REGULAR)
    for_month = models.DateField(_("所属月份"))
    period_start = models.DateField(_("起始日"))
    period_end = models.DateField(_("截止日"))
    days_eligible = models.PositiveSmallIntegerField(_("享受天数"))
    days_in_month = models.PositiveSmallIntegerField(_("当月天数"))
    amount_unrounded = models.DecimalField(_("未取整金额"), max_digits=16, decimal_places=6)
    amount = models.DecimalField(_("金额（元）"), **_money)
    # Snapshot of the inputs.
    spell = models.ForeignKey(
        "registry.CategorySpell",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    spell_start = models.DateField(_("类别起始日"), null=True)
    spell_end = models.DateField(_("类别终止日"), null=True)
    standard = models.ForeignKey(
        AllowanceStandard,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    standard_amount = models.DecimalField(_("月标准"), null=True, **_money)
    birth_date = models.DateField(_("出生日期"), null=True)
    # Corrections point only at approved lines, which are never deleted: no per-row check (a
    # draft's deletion would otherwise look up each deleted line among all lines), and a
    # partial index over the few lines that correct another.
    corrects = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
        db_index=False,
        db_constraint=False,
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # The child had no active payment account when the payroll was computed: the line is
    # owed but not in the bank file; a later payroll pays it by a `released` line.
    held = models.BooleanField(_("暂缓发放"), default=False)

    scope = Scope("child__area__code")
    objects = PayrollLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("发放明细")
        verbose_name_plural = _("发放明细")
        ordering = ["payroll", "child_id", "category", "for_month", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["payroll", "child", "category", "kind", "for_month", "period_start"],
                name="payroll_line_unique",
            )
        ]
        indexes = [
            models.Index(fields=["child", "category", "for_month"], name="payroll_line_child_month_idx"),
            models.Index(
                fields=["corrects"],
                name="payroll_line_corrects_idx",
                condition=models.Q(corrects__isnull=False),
            ),
            # The few held and released lines, read by every payroll's release of held amounts.
            models.Index(
                fields=["child", "category", "for_month"],
                name="payroll_line_held_idx",
                condition=models.Q(held=True) | models.Q(kind="released"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.category} {self.for_month:%Y-%m} {self.amount}"
