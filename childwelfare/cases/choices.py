"""Choices of case management (issue 10; DOMAIN.md §7, §8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("接案")
    ASSESSMENT = "assessment", _("评估")
    PLAN = "plan", _("制定计划")
    INTERVENTION = "intervention", _("服务介入")
    REVIEW = "review", _("回顾评估")
    CLOSED = "closed", _("已结案")


class CaseSource(models.TextChoices):
    DISCOVERY_RED = "discovery_red", _("主动发现：红色儿童")
    DISCOVERY_PROBLEM = "discovery_problem", _("主动发现：发现的问题")
    MANDATORY_REPORT = "mandatory_report", _("强制报告")
    HOTLINE_12345 = "hotline_12345", _("12345热线")
    HOTLINE_12349 = "hotline_12349", _("12349热线")
    FAMILY_OR_CHILD = "family_or_child", _("家庭或儿童求助")
    DEPARTMENT_REFERRAL = "department_referral", _("部门转介")
    POLICE = "police", _("公安移送")


class KeyCaseClass(models.TextChoices):
    """重点个案分类 (issue 10)."""

    GUARDIANSHIP_MISSING = "guardianship_missing", _("监护缺失")
    IMPROPER_GUARDIANSHIP = "improper_guardianship", _("监护不当")
    ABUSE_OR_VIOLENCE = "abuse_or_violence", _("遭受侵害或暴力")
    LEFT_ALONE = "left_alone", _("独居或被遗弃")
    DROPPED_OUT = "dropped_out", _("失学辍学")
    ILLNESS_OR_DISABILITY = "illness_or_disability", _("重病重残")
    PSYCHOLOGICAL = "psychological", _("心理或行为问题")
    RUNAWAY_OR_BEGGING = "runaway_or_begging", _("流浪乞讨")
    OTHER = "other", _("其他")


class ApprovalStage(models.TextChoices):
    """What a case worker asks the supervisor to approve."""

    ASSESSMENT = "assessment", _("评估")
    PLAN = "plan", _("个案计划")
    CLOSURE = "closure", _("结案")


class ApprovalDecision(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已批准")
    RETURNED = "returned", _("已退回")


class OwnerKind(models.TextChoices):
    DEPARTMENT = "department", _("部门")
    UNIT = "unit", _("单位")
    STATION = "station", _("工作站")
    PERSON = "person", _("个人")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("待办")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已撤销")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("服务目标达成")
    TRANSFERRED = "transferred", _("转介其他机构")
    ADULT = "adult", _("年满18周岁")
    MOVED_AWAY = "moved_away", _("迁出本市")
    DIED = "died", _("死亡")
    OTHER = "other", _("其他")


class ReportingUnitType(models.TextChoices):
    """Who must report (DOMAIN.md §7, 高检发〔2020〕9号)."""

    STATE_ORGAN = "state_organ", _("国家机关")
    COMMITTEE = "committee", _("村（居）民委员会")
    SCHOOL = "school", _("中小学校")
    KINDERGARTEN = "kindergarten", _("幼儿园")
    NURSERY = "nursery", _("托育机构")
    TRAINING = "training", _("校外培训机构")
    SCHOOL_BUS = "school_bus", _("校车服务单位")
    HOSPITAL = "hospital", _("医院")
    MATERNAL_CHILD_HEALTH = "maternal_child_health", _("妇幼保健院")
    CLINIC = "clinic", _("诊所")
    EMERGENCY_CENTRE = "emergency_centre", _("急救中心")
    WELFARE_INSTITUTION = "welfare_institution", _("儿童福利机构")
    RESCUE_INSTITUTION = "rescue_institution", _("救助保护机构")
    SOCIAL_WORK = "social_work", _("社会工作服务机构")
    HOTEL = "hotel", _("旅店、宾馆")
    OTHER = "other", _("其他")


class ReportSituation(models.TextChoices):
    """The nine situations that must be reported (DOMAIN.md §7)."""

    PRIVATE_INJURY = "1", _("生殖器官或隐私部位遭受或疑似遭受非正常损伤")
    GIRL_UNDER_14 = "2", _("不满十四周岁的女性遭受或疑似遭受性侵害、怀孕、流产")
    GIRL_14_PLUS = "3", _("十四周岁以上女性遭受或疑似遭受性侵害所致怀孕、流产")
    VIOLENCE = (
        "4",
        _("多处损伤、严重营养不良、意识不清，存在或疑似存在受到家庭暴力、欺凌、虐待、殴打或被人麻醉等情形"),
    )
    SELF_HARM = "5", _("因自杀、自残、工伤、中毒、被人殴打等原因导致重伤、死亡")
    ABANDONED = "6", _("被遗弃或长期处于无人照料状态")
    TRAFFICKED = "7", _("发现未成年人来源不明、失踪或者被拐卖、收买")
    BEGGING = "8", _("发现未成年人被组织乞讨")
    OTHER = "9", _("其他严重侵害未成年人身心健康的情形或未成年人正在面临不法侵害危险")


class IntakeStatus(models.TextChoices):
    RECEIVED = "received", _("待受理")
    ACKNOWLEDGED = "acknowledged", _("已受理")
    LINKED = "linked", _("已立案或并案")
    NO_CASE = "no_case", _("不予立案")


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("已安排")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


class GuardianshipKind(models.TextChoices):
    TEMPORARY = "temporary", _("临时监护")
    LONG_TERM = "long_term", _("长期监护")


class TemporaryGround(models.TextChoices):
    """未成年人保护法 art. 92 (DOMAIN.md §8)."""

    WANDERING_OR_UNKNOWN = "wandering_or_unknown", _("流浪乞讨或身份不明，暂时查找不到父母或者其他监护人")
    GUARDIAN_MISSING = "guardian_missing", _("监护人下落不明且无其他人可以担任监护人")
    GUARDIAN_UNABLE = "guardian_unable", _("监护人因自身客观原因或突发事件等情况不能履行监护职责")
    NEGLECT = "neglect", _("监护人拒绝或者怠于履行监护职责，导致未成年人处于无人照料的状态")
    INCITES_OFFENCE = "incites_offence", _("监护人教唆、利用未成年人实施违法犯罪行为")
    HARMED_BY_GUARDIAN = "harmed_by_guardian", _("未成年人遭受监护人严重伤害或者面临人身安全威胁")
    OTHER = "other", _("法律规定的其他情形")


class LongTermGround(models.TextChoices):
    """未成年人保护法 art. 94 (DOMAIN.md §8)."""

    NO_GUARDIAN_FOUND = "no_guardian_found", _("查找不到未成年人的父母或者其他监护人")
    GUARDIAN_DEAD = "guardian_dead", _("监护人死亡或者被宣告死亡且无其他人可以担任监护人")
    GUARDIAN_INCAPABLE = "guardian_incapable", _("监护人丧失监护能力且无其他人可以担任监护人")
    REVOKED = "revoked", _("人民法院判决撤销监护人资格并指定由民政部门担任监护人")
    OTHER = "other", _("法律规定的其他情形")


class Placement(models.TextChoices):
    """未成年人保护法 art. 93."""

    RELATIVE = "relative", _("委托亲属抚养")
    FOSTER = "foster", _("家庭寄养")
    RESCUE_INSTITUTION = "rescue_institution", _("未成年人救助保护机构")
    WELFARE_INSTITUTION = "welfare_institution", _("儿童福利机构")


class GuardianshipStatus(models.TextChoices):
    ACTIVE = "active", _("监护中")
    ENDED = "ended", _("已结束")


class GuardianshipEnd(models.TextChoices):
    RETURNED = "returned", _("经评估交还监护人")
    LONG_TERM = "long_term", _("转为长期监护")
    ADULT = "adult", _("年满18周岁")
    ADOPTED = "adopted", _("被依法收养")
    OTHER = "other", _("其他")
