"""The case (个案) and its plan (issue 10). Status moves go through
workflow.services.transition; assessment, plan and closure need the supervisor's approval
(CaseApproval)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.accounts.choices import Department
from childwelfare.workflow.machines import StateMachine

from ..choices import (
    ActionStatus,
    ApprovalDecision,
    ApprovalStage,
    CaseSource,
    CaseStatus,
    ClosureReason,
    KeyCaseClass,
    OwnerKind,
)

S = CaseStatus


class Case(models.Model):
    number = models.CharField(_("个案编号"), max_length=30, unique=True)
    child = models.ForeignKey(
        "registry.Child", verbose_name=_("儿童"), on_delete=models.PROTECT, related_name="cases"
    )
    opened_on = models.DateField(_("立案日期"))
    source = models.CharField(_("案件来源"), max_length=24, choices=CaseSource.choices)
    summary = models.TextField(_("基本情况"), blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("个案工作者"), on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("督导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=S.INTAKE)
    assessment = models.TextField(_("评估结论"), blank=True)
    needs = models.TextField(_("需求分析"), blank=True)
    closure_reason = models.CharField(_("结案原因"), max_length=16, choices=ClosureReason.choices, blank=True)
    outcome = models.TextField(_("服务成效"), blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    reopen_reason = models.TextField(_("重新开案理由"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)
    # The version is kept in the history (caseflow): a stale edit of the case's form names
    # the other person's changes since the version the page showed (lib.versions).
    history = HistoricalRecords()

    scope = Scope("child__area__code")
    objects = ScopedQuerySet.as_manager()

    workflow = StateMachine(
        area="child__area_id",
        moves={
            S.INTAKE: {S.ASSESSMENT, S.CLOSED},
            S.ASSESSMENT: {S.PLAN},
            S.PLAN: {S.INTERVENTION},
            S.INTERVENTION: {S.REVIEW},
            S.REVIEW: {S.INTERVENTION, S.CLOSED},
            S.CLOSED: {S.ASSESSMENT},
        },
    )

    class Meta:
        verbose_name = _("个案")
        verbose_name_plural = _("个案")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["status", "opened_on"], name="case_status_opened_idx")]

    def __str__(self) -> str:
        return self.number


class CaseKeyClass(models.Model):
    """One key-case class (重点个案分类) of a case; a case may have several."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="key_classes")
    key_class = models.CharField(_("重点个案分类"), max_length=24, choices=KeyCaseClass.choices)

    scope = Scope("case__child__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("重点个案分类")
        verbose_name_plural = _("重点个案分类")
        constraints = [models.UniqueConstraint(fields=["case", "key_class"], name="case_key_class_once")]

    def __str__(self) -> str:
        return self.get_key_class_display()


class CaseApproval(models.Model):
    """A request for the supervisor's approval of the assessment, the plan or the closure,
    and its decision (approve, or return with a comment)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    stage = models.CharField(_("审批事项"), max_length=12, choices=ApprovalStage.choices)
    note = models.TextField(_("申请说明"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decision = models.CharField(
        _("审批结果"), max_length=10, choices=ApprovalDecision.choices, default=ApprovalDecision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    comment = models.TextField(_("审批意见"), blank=True)

    scope = Scope("case__child__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("个案审批")
        verbose_name_plural = _("个案审批")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "stage"],
                condition=models.Q(decision="pending"),
                name="case_approval_one_pending_per_stage",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}{gettext('：')}{self.get_stage_display()}{gettext('（')}{self.get_decision_display()}{gettext('）')}"


class CaseGoal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("服务目标"), max_length=200)
    achieved = models.BooleanField(_("已达成"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    scope = Scope("case__child__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("服务目标")
        verbose_name_plural = _("服务目标")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class CaseAction(models.Model):
    """An action of a case plan or a conference decision, owned by a department, a unit, a
    workstation or a person, due on a date kept by the deadline engine (rule case_action).
    A department liaison sees and updates only actions assigned to their department."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    decision = models.ForeignKey(
        "cases.ConferenceDecision",
        verbose_name=_("会商决定"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    title = models.CharField(_("任务"), max_length=200)
    detail = models.TextField(_("任务说明"), blank=True)
    owner_kind = models.CharField(_("责任方类型"), max_length=12, choices=OwnerKind.choices)
    department = models.CharField(_("责任部门"), max_length=32, choices=Department.choices, blank=True)
    owner_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("完成期限"))
    status = models.CharField(
        _("状态"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    evidence = models.TextField(_("完成情况及佐证"), blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reminder_count = models.PositiveIntegerField(_("督办次数"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    scope = Scope("case__child__area__code", department="department")
    objects = ScopedQuerySet.as_manager()

    workflow = StateMachine(
        area="case__child__area_id",
        moves={
            ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED},
            ActionStatus.IN_PROGRESS: {ActionStatus.DONE, ActionStatus.CANCELLED},
            ActionStatus.DONE: {ActionStatus.IN_PROGRESS},
        },
    )

    class Meta:
        verbose_name = _("个案任务")
        verbose_name_plural = _("个案任务")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["department", "status", "due_on"], name="case_action_dept_idx")]

    def __str__(self) -> str:
        return self.title


class ActionReminder(models.Model):
    """A formal reminder (督办) of an action, issued by the convener or the case's district."""

    action = models.ForeignKey(CaseAction, on_delete=models.CASCADE, related_name="reminders")
    text = models.TextField(_("督办意见"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("督办时间"), auto_now_add=True)

    scope = Scope("action__case__child__area__code", department="action__department")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.text[:30]


class ActionUpdate(models.Model):
    """Progress reported on an action (by its owner or the liaison of its department)."""

    action = models.ForeignKey(CaseAction, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("办理情况"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("填报时间"), auto_now_add=True)

    scope = Scope("action__case__child__area__code", department="action__department")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")
        ordering = ["written_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]


class ProgressNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("进展记录"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    scope = Scope("case__child__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展记录")
        verbose_name_plural = _("进展记录")
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return self.text[:30]


# --- caseflow: the case's own log (its timeline events) ------------------------------------


class CaseEvent(models.Model):
    """One event of a case shown on its page and on the child's timeline (cases.timeline):
    a status move, an approval requested or decided, an action added or completed, a note,
    a transfer proposed or decided. Written by `cases.services.caseflow.record_case_event`;
    `kind` names what happened ("moved", "approval_requested", … — titles in
    cases.timeline.CASE_EVENT_TITLES), `text` the comment or reason. `other_area_code`: a
    second area that sees the event (the receiving district of a transfer), besides the
    child's."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=32)
    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(_("原状态"), max_length=16, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=CaseStatus.choices, blank=True)
    subject = models.CharField(_("对象"), max_length=200, blank=True)
    text = models.TextField(_("说明"), blank=True)
    other_area_code = models.CharField(_("相关区划"), max_length=12, blank=True)

    scope = Scope(("case__child__area__code", "other_area_code"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("个案记录")
        verbose_name_plural = _("个案记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case}{gettext('：')}{self.kind}"
