"""Choices of the work positions (阵地): sites, projects, activities (DOMAIN.md §1 part 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    """What a site is, and the level of area it belongs to (SITE_KIND_AREA_LENGTH)."""

    GUIDANCE_CENTRE = "guidance_centre", _("未成年人保护指导中心")
    WORKSTATION = "workstation", _("未保工作站（关爱之家）")
    CHILDRENS_HOME = "childrens_home", _("儿童之家")


# The area code length of each kind: the city's guidance centre, a township's (street's)
# workstation, a village's (community's) children's home (areas.choices.CODE_LENGTH).
SITE_KIND_AREA_LENGTH = {SiteKind.GUIDANCE_CENTRE: 4, SiteKind.WORKSTATION: 9, SiteKind.CHILDRENS_HOME: 12}


class SiteLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("省级示范")
    CITY = "city", _("市级")
    ORDINARY = "ordinary", _("普通")


class BuildType(models.TextChoices):
    NEW = "new", _("新建")
    UPGRADED = "upgraded", _("提档升级")
    EXISTING = "existing", _("原有")


class SiteStatus(models.TextChoices):
    PLANNED = "planned", _("规划中")
    APPROVED = "approved", _("已立项")
    TENDERED = "tendered", _("已招标")
    UNDER_CONSTRUCTION = "under_construction", _("建设中")
    ACCEPTED = "accepted", _("已验收")
    OPERATING = "operating", _("运营中")


SITE_MOVES = {
    SiteStatus.PLANNED: {SiteStatus.APPROVED},
    SiteStatus.APPROVED: {SiteStatus.TENDERED},
    SiteStatus.TENDERED: {SiteStatus.UNDER_CONSTRUCTION},
    SiteStatus.UNDER_CONSTRUCTION: {SiteStatus.ACCEPTED},
    SiteStatus.ACCEPTED: {SiteStatus.OPERATING},
}


class ProjectKind(models.TextChoices):
    CARE = "care", _("关爱帮扶")
    CASEWORK = "casework", _("个案服务")
    EDUCATION = "education", _("教育成长")
    PSYCHOLOGY = "psychology", _("心理健康")
    SAFETY = "safety", _("安全保护")
    OTHER = "other", _("其他")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    RUNNING = "running", _("实施中")
    FINISHED = "finished", _("已结项")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("走访慰问")
    CASE = "case", _("个案服务")
    INTEREST = "interest", _("兴趣培养")
    CULTURE_SPORTS = "culture_sports", _("文体活动")
    PUBLICITY = "publicity", _("宣传教育")
    TRAINING = "training", _("培训")
    OTHER = "other", _("其他")


def _readers():
    from childwelfare.accounts.choices import Role

    return frozenset(
        {Role.CITY_ADMIN, Role.DISTRICT_OFFICER, Role.CHILD_SUPERVISOR, Role.STATION_STAFF, Role.AUDITOR}
    )


# Who reads sites and their work inside their area subtree: the city, districts and
# townships, the station's own staff (their station only: Scope.station) and auditors.
# Child directors, liaisons and reviewers see none (the URL × role matrix).
SITE_READER_ROLES = _readers()
