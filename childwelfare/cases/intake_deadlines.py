"""The deadline rule of intake that the shipped defaults do not hold (issue 10, part
"intake"): telling the reporting unit the outcome of a mandatory report. Registered from
CasesConfig.ready(); its amount is a setting like every rule's (DEADLINE_RULES)."""

from django.utils.translation import gettext_lazy as _

from childwelfare.accounts.choices import Role
from childwelfare.deadlines.rules import DeadlineRule, Unit, register_rule

# DOMAIN.md §7: "the receiving department must tell the reporter the outcome" — no period is
# set by 高检发〔2020〕9号; 15 working days after acknowledgment is a local rule.
MANDATORY_REPORT_FEEDBACK = register_rule(
    DeadlineRule(
        "mandatory_report_feedback",
        _("强制报告处理结果反馈"),
        15,
        Unit.WORKING_DAYS,
        _("高检发〔2020〕9号：应向报告单位反馈处理结果；本市规定：受理后15个工作日内反馈"),
        ladder=(Role.DISTRICT_OFFICER, Role.CITY_ADMIN),
    )
)
