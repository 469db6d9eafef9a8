"""The rules the platform ships (issue 10). Each amount is a setting (DEADLINE_RULES)."""

from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Role

from .rules import DeadlineRule, Unit, register_rule

DISTRICT_UP = (Role.DISTRICT_OFFICER, Role.CITY_ADMIN)

MANDATORY_REPORT_ACK = register_rule(
    DeadlineRule(
        "mandatory_report_ack",
        _("强制报告受理回复"),
        24,
        Unit.HOURS,
        _("高检发〔2020〕9号；本市规定：24小时内受理"),
        ladder=DISTRICT_UP,
        escalate_after=1,
    )
)
CASE_ASSESSMENT = register_rule(
    DeadlineRule(
        "case_assessment", _("个案评估"), 7, Unit.CALENDAR_DAYS, _("本市个案管理规程：立案后7日内完成评估")
    )
)
CASE_PLAN_REVIEW = register_rule(
    DeadlineRule(
        "case_plan_review", _("个案计划回顾"), 3, Unit.MONTHS, _("本市个案管理规程：每3个月回顾一次")
    )
)
CASE_ACTION = register_rule(
    DeadlineRule("case_action", _("个案任务"), None, Unit.CALENDAR_DAYS, _("会商决定或个案计划确定的期限"))
)
CASE_TRANSFER_ACCEPT = register_rule(
    DeadlineRule(
        "case_transfer_accept",
        _("个案转移接收"),
        5,
        Unit.WORKING_DAYS,
        _("本市个案管理规程：接收地5个工作日内接收"),
        ladder=DISTRICT_UP,
    )
)
GUARDIANSHIP_REASSESSMENT = register_rule(
    DeadlineRule(
        "guardianship_reassessment",
        _("临时监护监护能力再评估"),
        3,
        Unit.MONTHS,
        _("未成年人保护法第九十二、九十三条；本市规定：每3个月评估一次"),
        ladder=DISTRICT_UP,
    )
)
APPLICATION_CHECK = register_rule(
    DeadlineRule(
        "application_check",
        _("申请审核（乡镇）"),
        15,
        Unit.WORKING_DAYS,
        _("民发〔2019〕62号：乡镇15个工作日内审核"),
        ladder=(Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER, Role.CITY_ADMIN),
    )
)
APPLICATION_CONFIRM = register_rule(
    DeadlineRule(
        "application_confirm",
        _("申请确认（县级）"),
        15,
        Unit.WORKING_DAYS,
        _("民发〔2019〕62号：县级民政部门15个工作日内确认"),
        ladder=DISTRICT_UP,
    )
)
