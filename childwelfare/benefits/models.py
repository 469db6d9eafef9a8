"""Benefits (保障, DOMAIN.md §2, §4, §10): allowance standards raised with the dibao
standard, eligibility applications with statutory working-day deadlines, monthly payrolls
and insurance rosters. Money is Decimal yuan with two places; every payroll line keeps the
inputs it was computed from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.accounts.choices import PAYROLL_READER_ROLES
from childwelfare.lib.idnumber import mask
from childwelfare.registry.choices import Category
from childwelfare.workflow.machines import StateMachine

from .choices import (
    ApplicantKind,
    ApplicationKind,
    ApplicationStatus,
    InsuranceKind,
    LineKind,
    PayrollStatus,
    Rounding,
    UpratingStatus,
)
from .querysets import (
    ApplicationQuerySet,
    EnrolmentQuerySet,
    PayrollLineQuerySet,
    PayrollQuerySet,
    StandardQuerySet,
)

User = settings.AUTH_USER_MODEL
_money = {"max_digits": 10, "decimal_places": 2}


class HolidayOverride(models.Model):
    """A correction to the official holiday calendar, or a year the library does not cover."""

    day = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'工作日' if self.is_working_day else '休息日'}"


class DibaoStandard(models.Model):
    """The minimum living guarantee (低保) standard of an area over a period."""

    area = models.ForeignKey("areas.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("执行起始日"))
    effective_to = models.DateField(_("执行截止日"), null=True, blank=True)
    monthly_amount = models.DecimalField(_("月标准（元）"), **_money)
    legal_basis = models.CharField(_("文件依据"), max_length=200, blank=True)

    history = HistoricalRecords()

    scope = Scope("area__code", upward=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("低保标准")
        verbose_name_plural = _("低保标准")
        ordering = ["area_id", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.area} {self.monthly_amount}元 {self.effective_from}起"


class AllowanceStandard(models.Model):
    """A monthly allowance standard of a category in an area (the city, or a district that
    overrides it) from effective_from to effective_to inclusive (open when null). Standards
    of one category and area never overlap (service check everywhere; an exclusion
    constraint on PostgreSQL). A derived standard is `ratio` × the standard of `base_category` in
    the same area, rounded."""

    category = models.CharField(_("儿童类别"), max_length=40, choices=Category.choices)
    area = models.ForeignKey("areas.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("执行起始日"))
    effective_to = models.DateField(_("执行截止日"), null=True, blank=True)
    monthly_amount = models.DecimalField(_("月标准（元/人）"), **_money)
    legal_basis = models.CharField(_("文件依据"), max_length=200)
    base_category = models.CharField(_("参照类别"), max_length=40, choices=Category.choices, blank=True)
    # Eight places, so 5/6 is 0.83333333: × any base up to 10,000 yuan it is within half a fen
    # of the exact product, which is then rounded to the fen before the yuan (standards.py).
    ratio = models.DecimalField(_("比例"), max_digits=12, decimal_places=8, null=True, blank=True)
    rounding = models.CharField(
        _("取整规则"), max_length=20, choices=Rounding.choices, default=Rounding.YUAN_HALF_UP
    )
    uprating = models.ForeignKey(
        "Uprating",
        verbose_name=_("调标批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standards",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()
    scope = Scope("area__code", upward=True)
    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("基本生活保障标准")
        verbose_name_plural = _("基本生活保障标准")
        ordering = ["category", "area_id", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="standard_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gte=0), name="standard_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.monthly_amount}元 {self.effective_from}起"


class Uprating(models.Model):
    """ "Raise the linked standards by the dibao rise": a percentage (or a new dibao amount)
    and an effective date; previewed as lines, approved into new standard rows."""

    area = models.ForeignKey("areas.Area", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(_("上调比例（%）"), max_digits=6, decimal_places=3)
    new_dibao_amount = models.DecimalField(_("新低保标准（元）"), null=True, blank=True, **_money)
    effective_from = models.DateField(_("执行起始日"))
    rounding = models.CharField(
        _("取整规则"), max_length=20, choices=Rounding.choices, default=Rounding.YUAN_HALF_UP
    )
    legal_basis = models.CharField(_("文件依据"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=10, choices=UpratingStatus.choices, default=UpratingStatus.DRAFT
    )
    created_by = models.ForeignKey(User, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    workflow = StateMachine(
        area="area_id",
        moves={UpratingStatus.DRAFT: {UpratingStatus.APPROVED, UpratingStatus.CANCELLED}},
    )

    scope = Scope("area__code", upward=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("标准调整")
        verbose_name_plural = _("标准调整")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.effective_from} 上调{self.percent}%"


class UpratingLine(models.Model):
    uprating = models.ForeignKey(Uprating, on_delete=models.CASCADE, related_name="lines")
    old_standard = models.ForeignKey(AllowanceStandard, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("儿童类别"), max_length=40, choices=Category.choices)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    old_amount = models.DecimalField(_("原标准"), **_money)
    new_amount = models.DecimalField(_("新标准"), **_money)
    derived = models.BooleanField(_("按比例联动"), default=False)

    class Meta:
        verbose_name = _("调标明细")
        verbose_name_plural = _("调标明细")
        ordering = ["uprating", "category", "area_id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.old_amount}→{self.new_amount}"


class BankAccount(models.Model):
    """Where a child's allowance is paid (社会保障卡 or bank account of the guardian)."""

    child = models.OneToOneField("registry.Child", on_delete=models.CASCADE, related_name="bank_account")
    holder_name = models.CharField(_("户名"), max_length=50)
    bank_name = models.CharField(_("开户行"), max_length=100)
    account_number = EncryptedCharField(_("账号"), max_length=40)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("发放账户")
        verbose_name_plural = _("发放账户")

    def __str__(self) -> str:
        return f"{self.holder_name} {self.bank_name}"

    @property
    def masked_number(self) -> str:
        return mask(self.account_number)


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
    # per-row constraint check.
    payroll = models.ForeignKey(Payroll, on_delete=models.CASCADE, related_name="lines", db_index=False)
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
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.category} {self.for_month:%Y-%m} {self.amount}"


class InsuranceScheme(models.Model):
    """An insurance bought for children: which categories it covers is configurable."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("险种"), max_length=30, choices=InsuranceKind.choices)
    categories = models.JSONField(_("参保类别"), default=list)
    insurer = models.CharField(_("承保机构"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("保险项目")
        verbose_name_plural = _("保险项目")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class InsuranceEnrolment(models.Model):
    scheme = models.ForeignKey(
        InsuranceScheme, verbose_name=_("保险项目"), on_delete=models.PROTECT, related_name="enrolments"
    )
    year = models.PositiveSmallIntegerField(_("保险年度"))
    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="insurance"
    )
    category = models.CharField(_("参保时类别"), max_length=40, choices=Category.choices)
    as_of = models.DateField(_("名单截止日"))
    policy_number = models.CharField(_("保单号"), max_length=60, blank=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")

    scope = Scope("child__area__code")
    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("参保名单")
        verbose_name_plural = _("参保名单")
        ordering = ["scheme", "year", "area_id", "child_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year", "child"], name="insurance_one_enrolment_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} {self.year} {self.child_id}"
