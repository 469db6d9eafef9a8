"""The child file (一人一档): children, their family and guardians, parents' situations
and category spells. Every change is kept by django-simple-history."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField
from simple_history.models import HistoricalRecords

from childwelfare.access.scope import Scope, ScopedQuerySet
from childwelfare.accounts.choices import ROSTER_IMPORT_READER_ROLES, Role
from childwelfare.lib.dates import age_on
from childwelfare.lib.idnumber import mask
from childwelfare.lib.protected_fields import EncryptedBlankCharField, KeyedHashField
from childwelfare.workflow.machines import StateMachine, Step

from .choices import (
    DISABILITY_GRADES,
    Category,
    CloseReason,
    DisabilityType,
    FileStatus,
    Gender,
    ParentSituation,
    Relation,
    SchoolStatus,
    SpellStatus,
)
from .querysets import CategorySpellQuerySet, ChildQuerySet, FamilyMemberQuerySet, RosterImportQuerySet

# Shown where a child's ID number would be when there is none (no hukou, not registered).
NO_ID_NUMBER = _("无身份证号（未落户）")


class Child(models.Model):
    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, db_index=True, editable=False)
    name_initials = models.CharField(_("拼音首字母"), max_length=50, db_index=True, editable=False)
    # Given-name pinyin (王舒诺 → shunuo) and the sort key (wang0shu0nuo: syllable by syllable),
    # lib.pinyin.name_keys; recomputed by `manage.py recompute_name_keys`.
    name_given_pinyin = models.CharField(
        _("名字拼音"), max_length=200, db_index=True, editable=False, default=""
    )
    name_sort = models.CharField(_("姓名排序键"), max_length=250, db_index=True, editable=False, default="")
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    # None for a child without an ID number (无户籍, not yet registered: issue 9); the number
    # is added later through the same checks (registry.services.update_child).
    id_number = EncryptedCharField(_("公民身份号码"), max_length=18, null=True, blank=True)
    # Keyed hash of the ID number: exact search and one child per number without decrypting
    # (NULL without a number: a unique column admits any number of NULLs).
    id_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    # Keyed hash of the last four characters: the search by last four digits. Never the
    # digits themselves: district + birth date + last four rebuild the number (issue 13).
    id_last4_hash = KeyedHashField(source="id_number", purpose="id_last4", db_index=True)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    hukou_area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("户籍地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hukou_address = models.CharField(_("户籍地址"), max_length=200, blank=True)
    area = models.ForeignKey(
        "areas.Area",
        verbose_name=_("所属社区（村居）"),
        on_delete=models.PROTECT,
        related_name="children_living",
    )
    address = models.CharField(_("现住址"), max_length=200, blank=True)
    phone = EncryptedBlankCharField(_("联系电话"), max_length=20, blank=True)
    phone_hash = KeyedHashField(source="phone", purpose="phone", db_index=True)
    school_status = models.CharField(_("就学状况"), max_length=20, choices=SchoolStatus.choices, blank=True)
    school_name = models.CharField(_("学校"), max_length=100, blank=True)
    grade = models.CharField(_("年级"), max_length=20, blank=True)
    disability_type = models.CharField(
        _("残疾类别"), max_length=20, choices=DisabilityType.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"), null=True, blank=True, choices=[(i, f"{i}级") for i in range(1, 5)]
    )
    health_notes = models.TextField(_("健康状况"), blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("建档时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # Raised by one on every write (lib.versions.claim_version): an edit from a page that
    # showed an older version is refused (issue 8, item 4).
    version = models.PositiveIntegerField(_("版本"), default=0)
    # A closed file leaves every work list and stays searchable (issue 9); closed_on is the
    # last day the child counts (its category spells end that day, so allowances stop by the
    # payroll's own proration). Moved only by registry.lifecycle (workflow.transition).
    status = models.CharField(
        _("档案状态"),
        max_length=10,
        choices=FileStatus.choices,
        default=FileStatus.OPEN,
        db_default=FileStatus.OPEN,
        db_index=True,
    )
    closed_on = models.DateField(_("结档日期"), null=True, blank=True)
    close_reason = models.CharField(
        _("结档原因"), max_length=20, choices=CloseReason.choices, blank=True, db_default=""
    )
    close_note = models.CharField(_("结档说明"), max_length=200, blank=True, db_default="")
    # A duplicate file merged into another (registry.merging): kept, pointing to the survivor.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    # The visit schedule, stored (issue 14, item 2): written only by
    # childwelfare.discovery.schedule.store_schedule (after each visit and assessment, and in
    # one UPDATE when an interval setting changes), never by a form or Child.save(). The
    # next visit is due one colour-interval after the last visit, or on the day the file was
    # opened; the colour is the latest assessment's ("" if never assessed).
    # A child whose identity is unknown (身份不明: found wandering, abandoned; issue 10): a
    # provisional file without an ID number, its birth date an estimate (1 July of the
    # estimated year, `birth_date_estimated`), with what was seen and where it was found.
    # Completed with an ID number (registry.unknown_identity.complete_identity) or merged into
    # the registered child (registry.merging). Left out of what needs a real identity: the
    # payroll and the insurance rosters (README "The unknown-identity child").
    identity_unknown = models.BooleanField(_("身份不明"), default=False, db_default=False, db_index=True)
    birth_date_estimated = models.BooleanField(_("出生日期为估计"), default=False, db_default=False)
    descriptors = models.TextField(_("体貌特征"), blank=True, db_default="")
    found_place = models.CharField(_("发现地点"), max_length=200, blank=True, db_default="")
    found_on = models.DateField(_("发现日期"), null=True, blank=True)
    photo = models.FileField(_("照片"), upload_to="registry/unknown/%Y/%m/", blank=True, db_default="")
    next_visit_due = models.DateField(_("下次走访日期"), null=True, blank=True, editable=False)
    latest_colour = models.CharField(_("当前颜色"), max_length=10, blank=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=[
            "next_visit_due",
            "latest_colour",
            "name_pinyin",
            "name_initials",
            "name_given_pinyin",
            "name_sort",
            "id_hash",
            "id_last4_hash",
            "phone_hash",
            "updated_at",
        ]
    )
    scope = Scope("area__code")
    objects = ChildQuerySet.as_manager()
    workflow = StateMachine(
        area="area_id",
        moves={
            FileStatus.OPEN: {FileStatus.CLOSED, FileStatus.MERGED},
            FileStatus.CLOSED: {FileStatus.OPEN, FileStatus.MERGED},
            # 撤销合并 by the city administrator (registry.unmerging)
            FileStatus.MERGED: {FileStatus.OPEN, FileStatus.CLOSED},
        },
        steps={
            "absorb": Step(_("合并重复档案"), during={FileStatus.OPEN, FileStatus.CLOSED}),
            "unabsorb": Step(_("撤销合并"), during={FileStatus.OPEN, FileStatus.CLOSED}),
        },
    )

    class Meta:
        verbose_name = _("儿童")
        verbose_name_plural = _("儿童")
        ordering = ["area_id", "name"]
        permissions = [("view_full_id", _("查看完整身份证号"))]
        indexes = [
            models.Index(fields=["name", "birth_date"], name="child_name_birth_idx"),
            # Scope is a prefix match on the area code (LIKE '320102%'); on PostgreSQL only a
            # pattern-ops index serves it under a non-C collation. Elsewhere a plain index.
            models.Index(fields=["area"], name="child_area_prefix_idx", opclasses=["varchar_pattern_ops"]),
            # The work lists: overdue / due soon are a range on the next due date, the board's
            # red and yellow lists an equality on the colour (issue 14, item 2). Each holds every
            # column its list filters on and the id its EXISTS checks correlate on, so a tab
            # count is a scan of the index alone (SQLite: covering index; PostgreSQL: index-only
            # scan), not of the child rows. A page in due order walks the first one in its
            # order, (due, id), and stops after the page; a count seeks the second per area.
            models.Index(
                fields=["next_visit_due", "id", "area", "birth_date", "status"],
                name="child_next_visit_due_idx",
            ),
            models.Index(
                fields=["area", "next_visit_due", "birth_date", "status", "id"],
                name="child_area_next_visit_idx",
            ),
            models.Index(fields=["latest_colour", "area", "status", "id"], name="child_latest_colour_idx"),
        ]

    SCHEDULE_FIELDS = ("next_visit_due", "latest_colour")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """A new child is due for a visit the day its file is opened; saving an existing child
        never writes the stored schedule (a form holding an older copy must not undo a visit
        recorded meanwhile), so the update names every other field."""
        if self._state.adding:
            if self.next_visit_due is None:
                self.next_visit_due = timezone.localdate()
        elif kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name not in self.SCHEDULE_FIELDS
                and field.attname not in deferred
            ]
        super().save(*args, **kwargs)

    @property
    def masked_id(self) -> str:
        """The masked number, or the words saying the child has none."""
        return mask(self.id_number) if self.id_number else str(NO_ID_NUMBER)

    @property
    def has_id_number(self) -> bool:
        return bool(self.id_number)

    def age_on(self, on: date) -> int:
        """Age in whole years on a date (ages are never stored)."""
        return age_on(self.birth_date, on)

    @property
    def is_closed(self) -> bool:
        return self.status == FileStatus.CLOSED


class FamilyMember(models.Model):
    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="family")
    relation = models.CharField(_("与儿童关系"), max_length=30, choices=Relation.choices)
    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedCharField(_("公民身份号码"), max_length=18, null=True, blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone = EncryptedBlankCharField(_("联系电话"), max_length=20, blank=True)
    phone_hash = KeyedHashField(source="phone", purpose="phone", db_index=True)
    is_guardian = models.BooleanField(_("监护人"), default=False)
    lives_with_child = models.BooleanField(_("与儿童共同居住"), default=False)
    notes = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords(excluded_fields=["id_hash", "phone_hash"])
    scope = Scope("child__area__code")
    objects = FamilyMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("家庭成员")
        verbose_name_plural = _("家庭成员")
        ordering = ["child_id", "-is_guardian", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_relation_display()}）"

    @property
    def masked_id(self) -> str:
        return mask(self.id_number)


class ParentCondition(models.Model):
    """A parent's situation over a period (DOMAIN.md §4), with the evidence it rests on."""

    # What a user records of a situation: the profile form's fields and the history shown.
    RECORDED_FIELDS = (
        "situation",
        "start_date",
        "end_date",
        "evidence_reference",
        "disability_type",
        "disability_grade",
        "certificate_number",
    )

    member = models.ForeignKey(
        FamilyMember, verbose_name=_("家庭成员"), on_delete=models.CASCADE, related_name="conditions"
    )
    situation = models.CharField(_("情形"), max_length=30, choices=ParentSituation.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    evidence_reference = models.CharField(_("证明材料"), max_length=200, blank=True)
    # A severely disabled parent (重残): the disability certificate's type and grade decide
    # whether the situation counts (DOMAIN.md §4; benefits.eligibility.severe_disability).
    disability_type = models.CharField(
        _("残疾类别"), max_length=20, choices=DisabilityType.choices, blank=True, db_default=""
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("残疾等级"), null=True, blank=True, choices=DISABILITY_GRADES
    )
    certificate_number = models.CharField(_("残疾人证号"), max_length=30, blank=True, db_default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("父母情形")
        verbose_name_plural = _("父母情形")
        ordering = ["member_id", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="parent_condition_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member.name} {self.get_situation_display()}"


class CategorySpell(models.Model):
    """A child holds a category from start_date to end_date inclusive (open when null)."""

    child = models.ForeignKey(
        Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="categories"
    )
    category = models.CharField(_("儿童类别"), max_length=40, choices=Category.choices)
    start_date = models.DateField(_("认定日期"))
    end_date = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The second person's check of a paid category (benefits.spells): only confirmed spells
    # are paid. confirmed_on is the confirmation date the payment timing counts from
    # (settings.PAYMENT_TIMING); arrears_from, set only when the confirmer approved arrears
    # with a reason, replaces it. Rows written directly (data loads) count as confirmed on
    # their start date.
    status = models.CharField(
        _("复核状态"),
        max_length=10,
        choices=SpellStatus.choices,
        default=SpellStatus.CONFIRMED,
        db_default=SpellStatus.CONFIRMED,
    )
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    arrears_from = models.DateField(_("补发起始日"), null=True, blank=True)
    review_reason = models.CharField(_("复核说明"), max_length=500, blank=True, db_default="")
    version = models.PositiveIntegerField(_("版本"), default=0)

    history = HistoricalRecords()
    scope = Scope("child__area__code")
    objects = CategorySpellQuerySet.as_manager()

    class Meta:
        verbose_name = _("儿童类别")
        verbose_name_plural = _("儿童类别")
        ordering = ["child_id", "start_date"]
        indexes = [
            models.Index(fields=["category", "start_date", "end_date"], name="spell_category_dates_idx"),
            # "Holds a category on a day" for one child, answered from the index alone: the
            # visit lists probe it for each child due (issue 14).
            models.Index(fields=["child", "status", "start_date", "end_date"], name="spell_child_held_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="category_spell_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.start_date}–{self.end_date or ''}"

    def active_on(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date >= on)


class RosterImport(models.Model):
    """One uploaded spreadsheet imported as a background job, and its outcome: a roster
    (台账, kind "roster"), or another app's import registered with registry.jobs
    (screening results, insurance policy numbers) with its `params` (campaign id, scheme id
    and year). The uploaded file is deleted once the import has run (a dry run that passed
    keeps it for its 确认导入 until IMPORT_CONFIRM_HOURS: registry.confirmations); the errors
    stay for the error report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("处理中")
        SUCCEEDED = "succeeded", _("已导入")
        CHECKED = "checked", _("校验通过（未写入）")
        REJECTED = "rejected", _("有错误，未导入")
        FAILED = "failed", _("处理失败")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("名册所属区划"), on_delete=models.PROTECT, related_name="+"
    )
    # The registered import kind (registry.jobs.register_import_kind): "roster", "screening",
    # "policies"; `params` are what its runner needs besides the file (JSON).
    kind = models.CharField(_("导入类型"), max_length=20, default="roster")
    params = models.JSONField(_("参数"), default=dict, blank=True)
    filename = models.CharField(_("文件名"), max_length=255)
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/", blank=True)
    dry_run = models.BooleanField(_("仅校验"), default=False)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(_("阶段"), max_length=50, blank=True)
    processed = models.PositiveIntegerField(_("已处理行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    created_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    # The dry run this import confirmed (its file, no second upload: registry.services
    # confirm_import). One-to-one: a dry run is imported once, however often it is confirmed.
    confirmed_from = models.OneToOneField(
        "self",
        verbose_name=_("确认的试运行"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confirmation",
    )

    # Its uploader sees a job of any import kind (station staff import activities, issue 11).
    scope = Scope("area__code", readers=ROSTER_IMPORT_READER_ROLES, owner="created_by")
    objects = RosterImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status in {self.Status.SUCCEEDED, self.Status.CHECKED, self.Status.REJECTED}:
            return 100
        return int(self.processed * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def awaits_confirmation(self) -> bool:
        """A dry run that passed and still holds its file (not yet confirmed or expired)."""
        return self.dry_run and self.status == self.Status.CHECKED and bool(self.file)


class ImportedChild(models.Model):
    """A child an import job created or changed: the job page's link to its children (the
    child list filtered by ?import=<job id>). Written in the import's transaction."""

    job = models.ForeignKey(RosterImport, on_delete=models.CASCADE, related_name="imported_children")
    child = models.ForeignKey("Child", on_delete=models.CASCADE, related_name="+")
    created = models.BooleanField(_("新增"), default=False)

    class Meta:
        verbose_name = _("导入涉及的儿童")
        verbose_name_plural = _("导入涉及的儿童")
        constraints = [models.UniqueConstraint(fields=["job", "child"], name="imported_child_once")]

    def __str__(self) -> str:
        return f"{self.job_id}: {self.child_id}"


# Who works the registration conflicts: the district's officers (and the city).
REGISTRATION_CONFLICT_READER_ROLES = {Role.DISTRICT_OFFICER, Role.CITY_ADMIN}


class RegistrationConflict(models.Model):
    """An ID number someone tried to register (roster import, screening, profile) that is
    already registered outside their area: a task for the district officers of the area
    where it was tried (issue 13 §4). The user was only told that the child cannot be
    registered here and that the district will check; this row holds who, where, when and
    the keyed hash of the number, never the other child's data. District officers resolve
    or dismiss it (registry.conflicts); the city can look the hash up."""

    class Source(models.TextChoices):
        ROSTER = "roster", _("名册导入")
        SCREENING = "screening", _("排查中新增儿童")
        NEW_CHILD = "new_child", _("新建档案")
        PROFILE = "profile", _("修改档案身份证号")

    class Status(models.TextChoices):
        OPEN = "open", _("待核查")
        RESOLVED = "resolved", _("已处理")
        DISMISSED = "dismissed", _("已驳回")

    created_at = models.DateTimeField(_("发生时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("登记所在区划"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    id_hash = models.CharField(_("身份证号哈希"), max_length=64, db_index=True)
    row_number = models.PositiveIntegerField(_("名册行号"), null=True, blank=True)
    roster_import = models.ForeignKey(
        RosterImport,
        verbose_name=_("名册导入"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    note = models.TextField(_("处理说明"), blank=True)

    scope = Scope("area__code", readers=REGISTRATION_CONFLICT_READER_ROLES)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("登记冲突")
        verbose_name_plural = _("登记冲突")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.created_at:%Y-%m-%d %H:%M}"


# A merge of two files and what an undo needs (issue 10) and a child's transfer (issue 9), in
# their own modules for size.
from .merge_records import MergeRecord  # noqa: E402, F401
from .transfer_records import TRANSFER_READER_ROLES, ChildTransfer  # noqa: E402, F401
