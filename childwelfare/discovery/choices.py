from django.db import models
from django.utils.translation import gettext_lazy as _


class Colour(models.TextChoices):
    """Four-colour management (四色管理, DOMAIN.md §5), most urgent first."""

    RED = "red", _("红色（高风险）")
    YELLOW = "yellow", _("黄色（中风险）")
    BLUE = "blue", _("蓝色（低风险）")
    GREEN = "green", _("绿色（正常）")


COLOUR_ORDER = {Colour.RED: 0, Colour.YELLOW: 1, Colour.BLUE: 2, Colour.GREEN: 3}
# Default visit interval per colour in days (DOMAIN.md §5; a setting, see VisitInterval).
DEFAULT_INTERVAL_DAYS = {Colour.RED: 7, Colour.YELLOW: 15, Colour.BLUE: 30, Colour.GREEN: 90}


class Dimension(models.TextChoices):
    GUARDIANSHIP = "guardianship", _("监护风险")
    HEALTH = "health", _("身体健康风险")
    BEHAVIOUR_SAFETY = "behaviour_safety", _("行为与安全风险")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    RUNNING = "running", _("进行中")
    CLOSED = "closed", _("已结束")


class RecordStatus(models.TextChoices):
    """The three steps of a screening record (DOMAIN.md §6)."""

    PENDING = "pending", _("待排查")
    SCREENED = "screened", _("已排查待核实")
    RETURNED = "returned", _("已退回")
    VERIFIED = "verified", _("已核实待确认")
    CONFIRMED = "confirmed", _("已确认")


class VisitMode(models.TextChoices):
    HOME = "home", _("入户走访")
    SCHOOL = "school", _("到校走访")
    PHONE = "phone", _("电话访问")


class ProblemKind(models.TextChoices):
    BENEFIT = "benefit", _("保障政策落实")
    SCHOOLING = "schooling", _("就学")
    HUKOU = "hukou", _("户籍")
    MEDICAL = "medical", _("医疗")
    GUARDIANSHIP = "guardianship", _("监护")
    SAFETY = "safety", _("安全")
    PSYCHOLOGICAL = "psychological", _("心理")
    OTHER = "other", _("其他")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("待办理")
    SOLVED = "solved", _("已办结待核验")
    CLOSED = "closed", _("已销号")


class MeasureType(models.TextChoices):
    LIVING = "living", _("生活救助")
    MEDICAL = "medical", _("医疗救助")
    EDUCATION = "education", _("教育资助")
    PSYCHOLOGICAL = "psychological", _("心理疏导")
    LEGAL = "legal", _("法律援助")
    HUKOU = "hukou", _("户籍登记")
    GUARDIANSHIP = "guardianship", _("监护支持")
    PAIRING = "pairing", _("志愿者或导师结对")
    SOCIAL_WORK = "social_work", _("社会工作服务")
    OTHER = "other", _("其他")


class ProviderKind(models.TextChoices):
    DEPARTMENT = "department", _("职能部门")
    SOCIAL_ORGANISATION = "social_organisation", _("社会组织")
    WORKSTATION = "workstation", _("未保工作站")
    VOLUNTEER = "volunteer", _("志愿者")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("计划中")
    ACTIVE = "active", _("实施中")
    ENDED = "ended", _("已结束")
