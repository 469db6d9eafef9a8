"""Multi-agency case conferences (会商, issue 10): who was invited and came, the cases
discussed, a decision per case (which becomes CaseActions), recorded dissent, minutes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.accounts.choices import Department
from childwelfare.workflow.machines import StateMachine

from ..choices import ConferenceStatus


class Conference(models.Model):
    """Convened by a district (area = the district) or the city (area = the city)."""

    area = models.ForeignKey(
        "areas.Area", verbose_name=_("召集区划"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("会商主题"), max_length=200)
    held_at = models.DateTimeField(_("会商时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("召集人"), on_delete=models.PROTECT, related_name="+"
    )
    quorum = models.PositiveSmallIntegerField(_("最少到会部门数"))
    agenda = models.TextField(_("议程"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    next_review_on = models.DateField(_("下次回顾日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ConferenceStatus.choices, default=ConferenceStatus.PLANNED
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)
    # the version is kept in the history: a stale edit names the changes since (lib.versions)
    history = HistoricalRecords()

    # conference part: a department liaison sees the conferences their department was
    # invited to (one participant row per department, so the join never doubles a row).
    scope = Scope("area__code", department="participants__department")
    objects = ScopedQuerySet.as_manager()

    workflow = StateMachine(
        area="area_id",
        moves={
            ConferenceStatus.PLANNED: {ConferenceStatus.HELD, ConferenceStatus.CANCELLED},
        },
    )

    class Meta:
        verbose_name = _("个案会商")
        verbose_name_plural = _("个案会商")
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ConferenceParticipant(models.Model):
    """An invited department or unit (a school, a workstation…), and whether it came."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="participants")
    department = models.CharField(_("部门"), max_length=32, choices=Department.choices, blank=True)
    unit_name = models.CharField(_("单位"), max_length=100, blank=True)
    attendee = models.CharField(_("参会人"), max_length=50, blank=True)
    attended = models.BooleanField(_("到会"), default=False)

    scope = Scope("conference__area__code", department="department")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("参会部门")
        verbose_name_plural = _("参会部门")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "department"],
                condition=~models.Q(department=""),
                name="conference_department_once",
            )
        ]

    def __str__(self) -> str:
        return self.get_department_display() or self.unit_name


class ConferenceCase(models.Model):
    """A case on a conference's agenda, and what was decided about it."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda_cases")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="conference_items")

    scope = Scope("case__child__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会商个案")
        verbose_name_plural = _("会商个案")
        constraints = [models.UniqueConstraint(fields=["conference", "case"], name="conference_case_once")]

    def __str__(self) -> str:
        return f"{self.conference}{gettext('：')}{self.case}"


class ConferenceDecision(models.Model):
    item = models.OneToOneField(ConferenceCase, on_delete=models.CASCADE, related_name="decision")
    text = models.TextField(_("会商决定"))
    dissent = models.TextField(_("不同意见"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0)
    # the version is kept in the history: a stale edit names the changes since (lib.versions)
    history = HistoricalRecords()

    scope = Scope("item__case__child__area__code")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会商决定")
        verbose_name_plural = _("会商决定")

    def __str__(self) -> str:
        return self.text[:30]


class ConferencePaper(models.Model):
    """A paper shared with the participants before the conference."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="papers")
    file = models.FileField(_("材料"), upload_to="cases/conference/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    # invited liaisons read the papers too
    scope = Scope("conference__area__code", department="conference__participants__department")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会商材料")
        verbose_name_plural = _("会商材料")

    def __str__(self) -> str:
        return self.name
