"""The call: creating it and its criteria, moving it through draft → open → scoring →
published, submissions (anonymised when they are cases) and their attachments."""

from __future__ import annotations

from datetime import date
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from childwelfare.access.scope import ensure_visible
from childwelfare.accounts.choices import Department
from childwelfare.areas.models import Area
from childwelfare.discovery.choices import MeasureType, ProblemKind
from childwelfare.registry.choices import Category
from childwelfare.registry.models import Child
from childwelfare.workflow.services import transition

from .. import permissions
from ..anonymise import anonymise, check_anonymised
from ..choices import CallStatus, SubmissionKind, SubmissionStatus
from ..models import Attachment, Call, Criterion, Submission
from . import OutreachConflict, OutreachError
from .publicity import city_area

# Attachments (issue 11): documents and pictures, each at most this many bytes (the upload
# handler's UPLOAD_MAX_BYTES stops anything larger still while it streams in).
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
# Extension → the first bytes a file of that type starts with.
ATTACHMENT_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
}


def _require_manager(actor) -> None:
    if not permissions.can_manage_calls(actor):
        raise OutreachError(_("只有市级管理员可以管理征集评选"), code="not_allowed")


@transaction.atomic
def create_call(
    *,
    actor,
    year: int,
    title: str,
    deadline: date,
    accepts_cases: bool = True,
    accepts_projects: bool = True,
    select_cases: int = 0,
    select_projects: int = 0,
) -> Call:
    """Create the call of `year` as a draft (the city's).

    Raises OutreachError: not the city ("not_allowed"); a call of that year exists
    ("year_taken", field year); neither kind ("no_kind", field accepts_cases)."""
    _require_manager(actor)
    if Call.objects.filter(year=year).exists():
        raise OutreachError(
            _("%(year)s年度的征集已存在"), code="year_taken", field="year", params={"year": year}
        )
    if not (accepts_cases or accepts_projects):
        raise OutreachError(_("请至少选择一种征集类型"), code="no_kind", field="accepts_cases")
    return Call.objects.create(
        year=year,
        title=title.strip(),
        deadline=deadline,
        accepts_cases=accepts_cases,
        accepts_projects=accepts_projects,
        select_cases=select_cases if accepts_cases else 0,
        select_projects=select_projects if accepts_projects else 0,
        area=city_area(actor),
        created_by=actor,
    )


@transaction.atomic
def add_criterion(call: Call, *, actor, name: str, weight: int, max_points: int = 100) -> Criterion:
    """Add a scoring criterion (at the end of the call's list) while the call is a draft or
    open. Raises OutreachError: not the city ("not_allowed"); scoring has begun
    ("criteria_fixed"); a weight or maximum below 1 ("not_positive")."""
    _require_manager(actor)
    if call.status not in (CallStatus.DRAFT, CallStatus.OPEN):
        raise OutreachError(_("评审开始后不能再修改评分标准"), code="criteria_fixed")
    if weight < 1 or max_points < 1:
        raise OutreachError(_("权重和满分须大于0"), code="not_positive", field="weight")
    last = call.criteria.order_by("-position").values_list("position", flat=True).first() or 0
    return Criterion.objects.create(
        call=call, position=last + 1, name=name.strip(), weight=weight, max_points=max_points
    )


def open_call(call: Call, *, actor, expected_version: int | None = None) -> Call:
    """draft → open (submissions accepted). Raises OutreachError ("not_allowed"; "no_criteria"
    when the call has no criterion; "illegal_transition") or OutreachConflict."""
    _require_manager(actor)
    if not call.criteria.exists():
        raise OutreachError(_("请先设置评分标准"), code="no_criteria")
    return transition(
        call, CallStatus.OPEN, actor=actor, expected_version=expected_version, error=OutreachError,
        conflict=OutreachConflict,
    )  # fmt: skip


def start_scoring(call: Call, *, actor, expected_version: int | None = None) -> Call:
    """open → scoring (no more submissions; reviewers score). Raises as open_call."""
    _require_manager(actor)
    return transition(
        call, CallStatus.SCORING, actor=actor, expected_version=expected_version, error=OutreachError,
        conflict=OutreachConflict,
    )  # fmt: skip


def _check_unit(area: Area, department: str, unit_name: str) -> None:
    if department and department not in Department.values:
        raise OutreachError(_("成员单位无效"), code="invalid_choice", field="department")


def _check_tags(category: str, problem: str, measure: str) -> None:
    for value, choices, field in (
        (category, Category.values, "category"),
        (problem, ProblemKind.values, "problem"),
        (measure, MeasureType.values, "measure"),
    ):
        if value and value not in choices:
            raise OutreachError(_("选项无效"), code="invalid_choice", field=field)


def check_attachment(upload) -> None:
    """Refuse an uploaded file that is too large, of a type not taken, or whose content is not
    what its name says. Raises OutreachError ("attachment_too_large" / "attachment_type",
    field attachments)."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise OutreachError(
            _("附件“%(name)s”超过%(mb)sMB"),
            code="attachment_too_large",
            field="attachments",
            params={"name": upload.name, "mb": ATTACHMENT_MAX_BYTES // (1024 * 1024)},
        )
    suffix = PurePath(upload.name).suffix.lower()
    signatures = ATTACHMENT_SIGNATURES.get(suffix)
    head = upload.read(8)
    upload.seek(0)
    if not signatures or not any(head.startswith(sig) for sig in signatures):
        raise OutreachError(
            _("附件“%(name)s”的类型不受支持（可上传PDF、Excel、文字文档或图片）"),
            code="attachment_type",
            field="attachments",
            params={"name": upload.name},
        )


def _visible_child(child: Child | None, actor, area: Area) -> None:
    if child is None:
        return
    ensure_visible(child, actor)
    if not child.area_id.startswith(area.code):
        raise OutreachError(_("关联儿童不在申报区域内"), code="child_outside_area", field="child")


@transaction.atomic
def submit(
    call: Call,
    *,
    actor,
    kind: str,
    title: str,
    area: Area,
    text: str,
    summary: str = "",
    department: str = "",
    unit_name: str = "",
    child: Child | None = None,
    category: str = "",
    problem: str = "",
    measure: str = "",
    attachments=(),
    status: str = SubmissionStatus.SUBMITTED,
    submitted_at=None,
) -> Submission:
    """Send a case or project to an open call for `area` (a district, or the city with the
    member unit's `department` / `unit_name`). A case must be anonymised: its title, summary
    and text are checked against `child`'s and the family's data and the patterns of
    outreach.anonymise. `attachments`: uploaded files, each checked (check_attachment).

    Raises OutOfScope (`child` not the actor's to see); OutreachError: the call is not open
    ("call_not_open") — a DRAFT `status` may be written while the call is a draft too; the
    kind is not called for ("kind_not_called", field kind); the actor may not submit for
    `area` ("not_allowed", field area); the child outside `area` ("child_outside_area");
    a child linked to a project ("child_only_for_case"); an attachment refused;
    anonymise.AnonymisationError (code "not_anonymised", with the findings per field)."""
    open_states = {CallStatus.OPEN} | ({CallStatus.DRAFT} if status == SubmissionStatus.DRAFT else set())
    if call.status not in open_states:
        raise OutreachError(_("该征集当前不接受申报"), code="call_not_open")
    if kind not in call.kinds():
        raise OutreachError(_("该征集不征集此类型"), code="kind_not_called", field="kind")
    if not permissions.can_submit(actor, area.code):
        raise OutreachError(_("您不能以该区域的名义申报"), code="not_allowed", field="area")
    _check_unit(area, department, unit_name)
    _check_tags(category, problem, measure)
    if child is not None and kind != SubmissionKind.CASE:
        raise OutreachError(_("只有案例可以关联儿童"), code="child_only_for_case", field="child")
    _visible_child(child, actor, area)
    if kind == SubmissionKind.CASE:
        check_anonymised({"title": title, "summary": summary, "text": text}, child=child)
    for upload in attachments:
        check_attachment(upload)
    submission = Submission.objects.create(
        call=call,
        kind=kind,
        title=title.strip(),
        area=area,
        department=department,
        unit_name=unit_name.strip(),
        summary=summary.strip(),
        text=text.strip(),
        child=child,
        category=category,
        problem=problem,
        measure=measure,
        status=status,
        submitted_by=actor,
        submitted_at=submitted_at or timezone.now(),
    )
    for upload in attachments:
        Attachment.objects.create(
            submission=submission,
            file=upload,
            filename=upload.name[:200],
            size=upload.size,
            uploaded_by=actor,
        )
    return submission


def draft_case_submission(
    call: Call,
    *,
    title: str,
    text: str,
    child: Child,
    actor,
    summary: str = "",
    area: Area | None = None,
    category: str = "",
    problem: str = "",
    measure: str = "",
) -> Submission:
    """Write a (closed) case up as a DRAFT case submission of `call`, with the child's and
    the family's names, ID numbers, phones and addresses already replaced (某某 / X / 某地址,
    anonymise.anonymise) in the title, summary and text — the entry the cases app calls for
    "write up a closed case". `area`: the submitting district (default: the child's
    district). Raises as `submit`; the anonymised text always passes the check."""
    from ..anonymise import _child_terms

    terms = _child_terms(child)
    area = area or Area.objects.get(code=child.area_id[:6])
    return submit(
        call,
        actor=actor,
        kind=SubmissionKind.CASE,
        title=anonymise(title, terms=terms),
        summary=anonymise(summary, terms=terms),
        text=anonymise(text, terms=terms),
        area=area,
        child=child,
        category=category,
        problem=problem,
        measure=measure,
        status=SubmissionStatus.DRAFT,
    )


@transaction.atomic
def send_submission(submission: Submission, *, actor) -> Submission:
    """A draft submission is sent (status submitted, time now) while its call is open; the
    anonymisation is checked again. Raises OutOfScope; OutreachError ("call_not_open",
    "not_allowed", "not_a_draft"); AnonymisationError."""
    ensure_visible(submission, actor)
    if submission.status != SubmissionStatus.DRAFT:
        raise OutreachError(_("该申报已提交"), code="not_a_draft")
    if submission.call.status != CallStatus.OPEN:
        raise OutreachError(_("该征集当前不接受申报"), code="call_not_open")
    if not permissions.can_submit(actor, submission.area_id):
        raise OutreachError(_("您不能以该区域的名义申报"), code="not_allowed")
    if submission.kind == SubmissionKind.CASE:
        check_anonymised(
            {"title": submission.title, "summary": submission.summary, "text": submission.text},
            child=submission.child,
        )
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now(), version=submission.version + 1
    )
    submission.refresh_from_db()
    return submission


def attachment_path(attachment: Attachment) -> str:
    """The file's path under MEDIA_ROOT (never served by the web server:
    settings has no media URL route)."""
    return str(PurePath(settings.MEDIA_ROOT) / attachment.file.name)
