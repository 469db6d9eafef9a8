"""Active discovery (主动发现, DOMAIN.md §1, §5, §6): screening campaigns in three steps,
four-colour risk grading with versioned items, scheduled home visits, problems routed to
departments and care measures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope
from childwelfare.accounts.choices import Department
from childwelfare.workflow.machines import StateMachine, Step

from .choices import (
    CampaignStatus,
    Colour,
    Dimension,
    MeasureStatus,
    MeasureType,
    ProblemKind,
    ProblemStatus,
    ProviderKind,
    RecordStatus,
    VisitMode,
)
from .querysets import (
    CampaignQuerySet,
    CareMeasureQuerySet,
    ProblemQuerySet,
    RiskAssessmentQuerySet,
    ScreeningRecordQuerySet,
    VisitQuerySet,
)

User = settings.AUTH_USER_MODEL


class VisitInterval(models.Model):
    """Days between home visits for a colour (setting; defaults DOMAIN.md §5)."""

    colour = models.CharField(_("颜色"), max_length=10, choices=Colour.choices, unique=True)
    interval_days = models.PositiveSmallIntegerField(_("走访间隔（天）"))

    class Meta:
        verbose_name = _("走访间隔")
        verbose_name_plural = _("走访间隔")

    def __str__(self) -> str:
        return f"{self.get_colour_display()} {self.interval_days}天"


class RiskItemSet(models.Model):
    """A version of the grading items and thresholds. A new version is a new row; an
    assessment keeps the version it was made with, so old colours keep their meaning."""

    version = models.PositiveIntegerField(_("版本"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    effective_from = models.DateField(_("启用日期"))
    red_min_score = models.PositiveSmallIntegerField(_("红色最低分"))
    yellow_min_score = models.PositiveSmallIntegerField(_("黄色最低分"))
    blue_min_score = models.PositiveSmallIntegerField(_("蓝色最低分"))
    notes = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("风险评估指标版本")
        verbose_name_plural = _("风险评估指标版本")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(red_min_score__gt=models.F("yellow_min_score"))
                & models.Q(yellow_min_score__gt=models.F("blue_min_score")),
                name="risk_thresholds_descending",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} {gettext(self.name)}"


class RiskItem(models.Model):
    item_set = models.ForeignKey(
        RiskItemSet, verbose_name=_("版本"), on_delete=models.PROTECT, related_name="items"
    )
    dimension = models.CharField(_("维度"), max_length=20, choices=Dimension.choices)
    code = models.CharField(_("代码"), max_length=40)
    label = models.CharField(_("指标"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("分值"), default=1)
    is_emergency = models.BooleanField(_("紧急情形（直接红色）"), default=False)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("风险评估指标")
        verbose_name_plural = _("风险评估指标")
        ordering = ["item_set", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["item_set", "code"], name="risk_item_unique_code")]

    def __str__(self) -> str:
        """The label in the reader's language: the shipped items (discovery.risk_labels) are
        translated, an item typed by an administrator shows as typed."""
        return gettext(self.label)


class Campaign(models.Model):
    """A screening campaign (专项排查) over an area and target categories."""

    name = models.CharField(_("名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"))
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("排查范围"), on_delete=models.PROTECT, related_name="+"
    )
    target_categories = models.JSONField(_("排查对象类别"), default=list)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    sample_rate = models.DecimalField(_("复核抽样比例"), max_digits=4, decimal_places=3, default="0.100")
    status = models.CharField(
        _("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(User, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("启动时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope = Scope("area__code", upward=True)
    objects = CampaignQuerySet.as_manager()

    workflow = StateMachine(
        area="area_id",
        moves={
            CampaignStatus.DRAFT: {CampaignStatus.RUNNING},
            CampaignStatus.RUNNING: {CampaignStatus.CLOSED},
        },
    )

    class Meta:
        verbose_name = _("专项排查")
        verbose_name_plural = _("专项排查")
        ordering = ["-year", "-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="campaign_dates"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A home visit (走访), in or outside a campaign."""

    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("走访日期"))
    mode = models.CharField(_("走访方式"), max_length=10, choices=VisitMode.choices, default=VisitMode.HOME)
    visitor = models.ForeignKey(User, verbose_name=_("走访人"), on_delete=models.PROTECT, related_name="+")
    living_situation = models.TextField(_("生活状况"), blank=True)
    guardianship = models.TextField(_("监护情况"), blank=True)
    schooling = models.TextField(_("就学情况"), blank=True)
    hukou = models.TextField(_("户籍情况"), blank=True)
    health = models.TextField(_("健康状况"), blank=True)
    safety = models.TextField(_("安全情况"), blank=True)
    suspected_category_change = models.CharField(_("疑似类别变化"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    is_sample_revisit = models.BooleanField(_("抽样复访"), default=False)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    scope = Scope("child__area__code")
    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["child", "-visited_on"], name="visit_child_date_idx")]

    def __str__(self) -> str:
        return f"{self.child} {self.visited_on}"


class RiskAssessment(models.Model):
    """A four-colour grading of a child; the child's current colour is the latest one."""

    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="risk_assessments"
    )
    assessed_on = models.DateField(_("评估日期"))
    assessor = models.ForeignKey(User, verbose_name=_("评估人"), on_delete=models.PROTECT, related_name="+")
    item_set = models.ForeignKey(
        RiskItemSet, verbose_name=_("指标版本"), on_delete=models.PROTECT, related_name="+"
    )
    items = models.ManyToManyField(RiskItem, verbose_name=_("存在的情形"), blank=True, related_name="+")
    score = models.PositiveSmallIntegerField(_("得分"))
    is_emergency = models.BooleanField(_("紧急情形"), default=False)
    colour = models.CharField(_("颜色"), max_length=10, choices=Colour.choices)
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("走访"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    notes = models.TextField(_("说明"), blank=True)
    # What this assessment replaced (issue 8): the colour of the child's latest assessment
    # before it (blank for the first), the items of that assessment the assessor stated no
    # longer apply, and why. The assessor and created_at say who ended them and when.
    previous_colour = models.CharField(_("原颜色"), max_length=10, choices=Colour.choices, blank=True)
    ended_items = models.ManyToManyField(
        RiskItem, verbose_name=_("已核实不再存在的情形"), blank=True, related_name="+"
    )
    downgrade_reason = models.TextField(_("降级或解除原因"), blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    scope = Scope("child__area__code")
    objects = RiskAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("风险评估")
        verbose_name_plural = _("风险评估")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["child", "-assessed_on", "-id"], name="assessment_child_latest_idx")]

    def __str__(self) -> str:
        return f"{self.child} {self.get_colour_display()} {self.assessed_on}"


class ScreeningRecord(models.Model):
    """One child in one campaign, through screen → verify → confirm (DOMAIN.md §6).

    `version` rises with every transition; a transition names the version it saw, so two
    people acting on the same record cannot both succeed (optimistic locking)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项排查"), on_delete=models.CASCADE, related_name="records"
    )
    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="screening_records"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("所属社区"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=RecordStatus.choices, default=RecordStatus.PENDING
    )
    version = models.PositiveIntegerField(default=0)
    in_sample = models.BooleanField(_("抽样复核"), default=False)
    added_during_screening = models.BooleanField(_("排查中新发现"), default=False)
    visit = models.ForeignKey(
        Visit, verbose_name=_("排查走访"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessment = models.ForeignKey(
        RiskAssessment,
        verbose_name=_("风险评估"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    in_difficulty_not_eligible = models.BooleanField(_("不符合政策但确有困难"), default=False)
    screened_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    screened_at = models.DateTimeField(_("排查时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    returned_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    verified_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    revisit = models.ForeignKey(
        Visit, verbose_name=_("抽样复访"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The re-visit's colour, and the district's decision when it differs from the
    # screening's (issue 8): the colour the campaign counts; who decided, when and why is the
    # "resolve_mismatch" event.
    revisit_colour = models.CharField(_("复访颜色"), max_length=10, choices=Colour.choices, blank=True)
    resolved_colour = models.CharField(
        _("复访不一致的处理结果"), max_length=10, choices=Colour.choices, blank=True
    )
    confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    # Scoped through the child, so access follows a child who moves (issue 13); `area` is the
    # community whose campaign figures count the record (moved with the child while the record
    # is worked: discovery.services.screening.move_open_records).
    scope = Scope("child__area__code")
    objects = ScreeningRecordQuerySet.as_manager()

    # The three steps (DOMAIN.md §6); the sample re-visit keeps the record verified.
    workflow = StateMachine(
        area="child__area_id",
        moves={
            RecordStatus.PENDING: {RecordStatus.SCREENED},
            RecordStatus.SCREENED: {RecordStatus.VERIFIED, RecordStatus.RETURNED},
            RecordStatus.RETURNED: {RecordStatus.SCREENED},
            RecordStatus.VERIFIED: {RecordStatus.CONFIRMED},
        },
        steps={
            "revisit": Step(_("抽样复访"), during={RecordStatus.VERIFIED}),
            "resolve_mismatch": Step(_("处理复访不一致"), during={RecordStatus.VERIFIED}),
        },
    )

    class Meta:
        verbose_name = _("排查记录")
        verbose_name_plural = _("排查记录")
        ordering = ["area_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "child"], name="screening_one_record_per_child")
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="screening_campaign_status_idx"),
            models.Index(
                fields=["area"], name="screening_area_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.child}"


class Problem(models.Model):
    """A problem found (问题清单), routed to the department that can solve it."""

    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="problems"
    )
    record = models.ForeignKey(
        ScreeningRecord,
        verbose_name=_("排查记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    kind = models.CharField(_("问题类型"), max_length=20, choices=ProblemKind.choices)
    description = models.TextField(_("问题描述"))
    department = models.CharField(_("责任部门"), max_length=32, choices=Department.choices)
    deadline = models.DateField(_("办理期限"))
    status = models.CharField(
        _("状态"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    version = models.PositiveIntegerField(default=0)
    raised_by = models.ForeignKey(User, verbose_name=_("提出人"), on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    solved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    solved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    closed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # 催办 since the problem came to its current department (a transfer starts again at 0);
    # each reminder is also a ProblemAction of kind "reminded".
    reminder_count = models.PositiveIntegerField(_("催办次数"), default=0)
    last_reminded_at = models.DateTimeField(_("最近催办时间"), null=True, blank=True)

    scope = Scope("child__area__code", department="department")
    objects = ProblemQuerySet.as_manager()

    workflow = StateMachine(
        area="child__area_id",
        moves={
            ProblemStatus.OPEN: {ProblemStatus.SOLVED},
            ProblemStatus.SOLVED: {ProblemStatus.CLOSED, ProblemStatus.OPEN},
        },
    )

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["department", "status"], name="problem_department_status_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description[:20]}"


class ProblemAction(models.Model):
    """What a department did about a problem, or a district officer's verification note."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("问题"), on_delete=models.CASCADE, related_name="actions"
    )
    actor = models.ForeignKey(User, verbose_name=_("办理人"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    kind = models.CharField(_("类型"), max_length=20, default="action")
    text = models.TextField(_("内容"))
    # A transfer (kind "transferred"): the departments before and after; an extension
    # (kind "extended"): the deadlines before and after. `text` holds the reason.
    from_department = models.CharField(_("原责任部门"), max_length=32, choices=Department.choices, blank=True)
    to_department = models.CharField(_("新责任部门"), max_length=32, choices=Department.choices, blank=True)
    old_deadline = models.DateField(_("原办理期限"), null=True, blank=True)
    new_deadline = models.DateField(_("新办理期限"), null=True, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class CareMeasure(models.Model):
    """A care measure (帮扶措施, N重关爱) for a child."""

    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="care_measures"
    )
    measure_type = models.CharField(_("措施类型"), max_length=20, choices=MeasureType.choices)
    provider_kind = models.CharField(_("提供方类型"), max_length=20, choices=ProviderKind.choices)
    provider_name = models.CharField(_("提供方"), max_length=100)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.ACTIVE
    )
    description = models.TextField(_("内容"), blank=True)
    outcome = models.TextField(_("成效"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    scope = Scope("child__area__code")
    objects = CareMeasureQuerySet.as_manager()

    workflow = StateMachine(
        area="child__area_id",
        moves={MeasureStatus.PLANNED: {MeasureStatus.ENDED}, MeasureStatus.ACTIVE: {MeasureStatus.ENDED}},
    )

    class Meta:
        verbose_name = _("帮扶措施")
        verbose_name_plural = _("帮扶措施")
        ordering = ["-start_date", "-id"]
        indexes = [
            # "Has an active measure on a day" for one child from the index alone: the
            # attention list's NOT EXISTS, once per red or yellow child (issue 14, item 2).
            models.Index(
                fields=["child", "status", "start_date", "end_date"], name="measure_child_active_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="care_measure_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_type_display()}（{self.provider_name}）"
