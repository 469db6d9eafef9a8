"""One deadline per (subject, rule): what is due, by when, for whom (issue 10).

The due moment is computed from the rule when the deadline opens (and again when it is
extended or resumed after a pause) and stored, so work lists are index range scans; whether
it is overdue, and how far up the ladder it has escalated, is never stored — it is computed
against the current time (querysets.py), so it cannot go stale.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import Scope, ScopedQuerySet

from .querysets import DeadlineQuerySet


class Deadline(models.Model):
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    rule = models.CharField(_("时限规则"), max_length=40)
    label = models.CharField(_("事项"), max_length=200)
    # The label's msgid and its values, so each reader sees it in their own language
    # (`shown_label`); `label` keeps the Chinese text for search and exports' history.
    label_template = models.CharField(max_length=200, blank=True, editable=False)
    label_params = models.JSONField(default=dict, blank=True, editable=False)
    # where the subject lies (its child's area, or the district for a report without one)
    area_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    # a department the item is assigned to (a liaison sees it), or blank
    department = models.CharField(_("责任部门"), max_length=32, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("起算时间"))
    due_at = models.DateTimeField(_("到期时间"))
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    paused_at = models.DateTimeField(_("暂停时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    scope = Scope("area_code", department="department")
    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理时限")
        verbose_name_plural = _("办理时限")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "rule"],
                condition=models.Q(met_at__isnull=True, cancelled_at__isnull=True),
                name="deadline_one_open_per_subject_rule",
            )
        ]
        indexes = [
            models.Index(fields=["area_code", "due_at"], name="deadline_area_due_idx"),
            models.Index(fields=["department", "due_at"], name="deadline_department_due_idx"),
            # The work lists read running items only: (rule, due) per rule's escalation moment,
            # and (due) for the city's and an auditor's whole list.
            models.Index(
                fields=["rule", "due_at"],
                condition=models.Q(met_at__isnull=True, cancelled_at__isnull=True),
                name="deadline_running_rule_due_idx",
            ),
            models.Index(
                fields=["due_at"],
                condition=models.Q(met_at__isnull=True, cancelled_at__isnull=True),
                name="deadline_running_due_idx",
            ),
            # An area's running items by prefix (LIKE 'code%' on PostgreSQL), in due order.
            models.Index(
                fields=["area_code", "due_at"],
                opclasses=["varchar_pattern_ops", "timestamptz_ops"],
                condition=models.Q(met_at__isnull=True, cancelled_at__isnull=True),
                name="deadline_running_area_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shown_label}{gettext('（')}{self.due_at:%Y-%m-%d}{gettext('）')}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("deadlines:detail", kwargs={"pk": self.pk})

    @property
    def shown_label(self) -> str:
        """What is due, in the reader's language: the label's msgid translated and filled in;
        for a deadline opened with the rule's own label, that label; else the stored text
        (rows written before label_template, or by a rule no longer registered)."""
        if self.label_template:
            try:
                return gettext(self.label_template) % self.label_params
            except (KeyError, TypeError, ValueError):
                return self.label
        from django.utils import translation

        from .rules import get_rule

        try:
            rule_label = get_rule(self.rule).label
        except KeyError:
            return self.label
        with translation.override(settings.LANGUAGE_CODE):
            stored_is_the_rules = self.label == str(rule_label)
        return str(rule_label) if stored_is_the_rules else self.label

    def get_department_display(self) -> str:
        from childwelfare.accounts.choices import Department

        return str(dict(Department.choices).get(self.department, self.department))


class DeadlineChange(models.Model):
    """A request to pause, resume or extend a deadline, with its reason, and the supervisor's
    decision (issue 10: only with a reason and a supervisor's approval, recorded)."""

    class Kind(models.TextChoices):
        PAUSE = "pause", _("暂停")
        RESUME = "resume", _("恢复")
        EXTEND = "extend", _("延期")

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不予批准")

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("理由"))
    new_due_at = models.DateTimeField(_("延期至"), null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decision = models.CharField(
        _("审批结果"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    comment = models.TextField(_("审批意见"), blank=True)

    scope = Scope("deadline__area_code", department="deadline__department")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("时限调整")
        verbose_name_plural = _("时限调整")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{gettext('：')}{self.deadline}"
