"""Choices of publicity, the excellent case and project call, and the casebook (DOMAIN.md §1
parts 3 and 5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Role


class EventKind(models.TextChoices):
    """What a publicity event was (the seed's June month: ceremonies, talks, films, plays,
    drawings, booklets and comics, landmark screens)."""

    LAUNCH_CEREMONY = "launch_ceremony", _("启动仪式")
    MANDATORY_REPORTING_TALK = "mandatory_reporting_talk", _("强制报告宣讲")
    FILM_SCREENING = "film_screening", _("电影放映")
    PLAY = "play", _("情景剧")
    DRAWING_EXHIBITION = "drawing_exhibition", _("绘画展")
    MATERIALS_HANDOUT = "materials_handout", _("发放宣传册/漫画")
    LANDMARK_SCREEN = "landmark_screen", _("地标大屏宣传")
    OTHER = "other", _("其他")


class Law(models.TextChoices):
    """The laws a publicity event promotes."""

    MINOR_PROTECTION = "minor_protection", _("未成年人保护法")
    DELINQUENCY_PREVENTION = "delinquency_prevention", _("预防未成年人犯罪法")


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    OPEN = "open", _("征集中")
    SCORING = "scoring", _("评审中")
    PUBLISHED = "published", _("已公布")


class SubmissionKind(models.TextChoices):
    CASE = "case", _("优秀案例")
    PROJECT = "project", _("优秀项目")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


# Who reads the casebook (案例库): every staff user of the platform — the child file's readers
# and the department liaisons, who handle problems of the same children. Reviewers (outside
# experts who only score what is assigned to them, DOMAIN.md §9) do not.
CASEBOOK_READER_ROLES = frozenset(
    {
        Role.CITY_ADMIN,
        Role.DISTRICT_OFFICER,
        Role.CHILD_SUPERVISOR,
        Role.CHILD_DIRECTOR,
        Role.STATION_STAFF,
        Role.DEPARTMENT_LIAISON,
        Role.AUDITOR,
    }
)
# Who reads the submissions of their area: the city, the district, the auditor. Reviewers
# read the ones assigned to them (querysets.SubmissionQuerySet).
SUBMISSION_READER_ROLES = frozenset({Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.AUDITOR})
