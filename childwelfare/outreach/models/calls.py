"""The annual excellent case and project call (优秀案例及项目征集评选, DOMAIN.md §1 part 5):
the call with its criteria, the submissions with their attachments, the reviewers'
affiliations, assignments and scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.accounts.choices import Department, Role
from childwelfare.discovery.choices import MeasureType, ProblemKind
from childwelfare.registry.choices import Category
from childwelfare.workflow.machines import StateMachine

from ..choices import SUBMISSION_READER_ROLES, CallStatus, SubmissionKind, SubmissionStatus


class Call(models.Model):
    """One year's call: kinds called for, deadline, how many of each kind are selected."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("名称"), max_length=200)
    accepts_cases = models.BooleanField(_("征集优秀案例"), default=True)
    accepts_projects = models.BooleanField(_("征集优秀项目"), default=True)
    deadline = models.DateField(_("截止日期"))
    select_cases = models.PositiveSmallIntegerField(_("评选优秀案例数"), default=0)
    select_projects = models.PositiveSmallIntegerField(_("评选优秀项目数"), default=0)
    status = models.CharField(_("状态"), max_length=20, choices=CallStatus.choices, default=CallStatus.DRAFT)
    area = models.ForeignKey("areas.Area", verbose_name=_("范围"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("创建人")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    # The city's call, read by those who read submissions (the city, district officers,
    # auditors); reviewers reach their submissions through their assignments.
    scope = Scope("area__code", readers=SUBMISSION_READER_ROLES, upward=True)
    objects = ScopedQuerySet.as_manager()
    workflow = StateMachine(
        area="area_id",
        moves={
            CallStatus.DRAFT: {CallStatus.OPEN},
            CallStatus.OPEN: {CallStatus.SCORING},
            CallStatus.SCORING: {CallStatus.PUBLISHED},
        },
    )

    class Meta:
        verbose_name = _("优秀案例及项目征集")
        verbose_name_plural = _("优秀案例及项目征集")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    def kinds(self) -> list[str]:
        """The submission kinds the call accepts."""
        return [
            kind
            for kind, on in (
                (SubmissionKind.CASE, self.accepts_cases),
                (SubmissionKind.PROJECT, self.accepts_projects),
            )
            if on
        ]

    def selection_size(self, kind: str) -> int:
        """How many of `kind` the call selects."""
        return self.select_cases if kind == SubmissionKind.CASE else self.select_projects


class Criterion(models.Model):
    """A scoring criterion of a call: its weight and the most points a reviewer gives."""

    call = models.ForeignKey(Call, verbose_name=_("征集"), on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)
    name = models.CharField(_("评分项"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("权重"))
    max_points = models.PositiveSmallIntegerField(_("满分"), default=100)

    class Meta:
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="outreach_criterion_position"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="outreach_criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0), name="outreach_criterion_max_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SubmissionQuerySet(ScopedQuerySet):
    def visible_to(self, user, *, area_list: bool = False):
        """The submissions `user` may read: of their area for the city, district officers and
        auditors (Submission.scope); those assigned to them for a reviewer. Never raises."""
        if user is not None and user.is_authenticated and user.is_active and not user.is_superuser:
            if user.role == Role.REVIEWER and user.area_id:
                return self.filter(assignments__reviewer=user).distinct()
        return super().visible_to(user, area_list=area_list)


class Submission(models.Model):
    """A case or project sent to a call by a district (its area) or a member unit (the
    city's area with the department or unit name)."""

    call = models.ForeignKey(
        Call, verbose_name=_("征集"), on_delete=models.PROTECT, related_name="submissions"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=SubmissionKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("申报区域"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.CharField(_("成员单位"), max_length=32, choices=Department.choices, blank=True)
    unit_name = models.CharField(_("申报单位名称"), max_length=100, blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    text = models.TextField(_("正文"))
    child = models.ForeignKey(
        "registry.Child",
        verbose_name=_("关联儿童"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    category = models.CharField(_("儿童类别"), max_length=40, choices=Category.choices, blank=True)
    problem = models.CharField(_("主要问题"), max_length=40, choices=ProblemKind.choices, blank=True)
    measure = models.CharField(_("主要措施"), max_length=40, choices=MeasureType.choices, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("申报人")
    )
    submitted_at = models.DateTimeField(_("申报时间"))
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    selected = models.BooleanField(_("入选"), default=False)
    version = models.PositiveIntegerField(default=0)

    scope = Scope("area__code", readers=SUBMISSION_READER_ROLES)
    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["call", "kind", "submitted_at", "pk"]
        indexes = [models.Index(fields=["call", "kind", "selected"], name="outreach_submission_selected")]

    def __str__(self) -> str:
        return self.title

    @property
    def submitter(self) -> str:
        """The submitting unit as shown: the unit's name, the member unit, or the area."""
        if self.unit_name:
            return self.unit_name
        if self.department:
            return str(self.get_department_display())
        return self.area.name


class Attachment(models.Model):
    """A file sent with a submission; stored under MEDIA_ROOT (never served by the web
    server), downloaded through the submission's scope."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("申报材料"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to="outreach/%Y/")
    filename = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename


class ReviewerProfile(models.Model):
    """Where a reviewer comes from, for the conflict-of-interest rule: a district (or below;
    its district counts) and/or a member unit (a department, or a unit's name). A reviewer
    whose account itself has an area below the city or a department is from those too
    (services.reviewer_affiliation)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reviewer_profile",
        verbose_name=_("评审专家"),
    )
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("所在区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    department = models.CharField(_("所在成员单位"), max_length=32, choices=Department.choices, blank=True)
    unit_name = models.CharField(_("工作单位"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("评审专家信息")
        verbose_name_plural = _("评审专家信息")

    def __str__(self) -> str:
        return str(self.user)


class Assignment(models.Model):
    """A submission given to a reviewer to score."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("申报材料"), on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="review_assignments",
        verbose_name=_("评审专家"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("分配人")
    )
    assigned_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    scored_at = models.DateTimeField(_("评分时间"), null=True, blank=True)
    # The reviewer's weighted total (0–100), kept when all criteria are scored.
    total = models.DecimalField(_("加权得分"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("评审任务")
        verbose_name_plural = _("评审任务")
        ordering = ["submission", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "reviewer"], name="outreach_assignment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} – {self.reviewer}"


class Score(models.Model):
    """A reviewer's points on one criterion (0..criterion.max_points)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("得分"))

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="outreach_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"
