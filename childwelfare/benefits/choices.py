from django.db import models
from django.utils.translation import gettext_lazy as _

from childwelfare.registry.choices import (
    ALLOWANCE_CATEGORIES,  # noqa: F401  (re-exported)
    Relation,
)


class Rounding(models.TextChoices):
    """How a derived or uprated amount is rounded (DOMAIN.md §10)."""

    YUAN_HALF_UP = "yuan_half_up", _("四舍五入到元")
    FEN_HALF_UP = "fen_half_up", _("四舍五入到分")
    YUAN_UP = "yuan_up", _("进位到元")


class UpratingStatus(models.TextChoices):
    DRAFT = "draft", _("待审批")
    APPROVED = "approved", _("已批准")
    CANCELLED = "cancelled", _("已作废")


class ApplicationKind(models.TextChoices):
    DE_FACTO_UNSUPPORTED = "de_facto_unsupported", _("事实无人抚养儿童认定")
    ORPHAN = "orphan", _("孤儿认定")


class ApplicantKind(models.TextChoices):
    GUARDIAN = "guardian", _("监护人")
    RELATIVE = "relative", _("受委托的近亲属")
    COMMITTEE = "committee", _("村（居）民委员会")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已申请待查验")
    VERIFIED = "verified", _("乡镇已查验待确认")
    CONFIRMED = "confirmed", _("区县已确认")
    REFUSED = "refused", _("不予认定")
    WITHDRAWN = "withdrawn", _("已撤回")


class TerminationReason(models.TextChoices):
    DEATH = "death", _("死亡")
    AGE = "age", _("年满18周岁")
    ADOPTION = "adoption", _("被收养")
    HUKOU_MOVED = "hukou_moved", _("户籍迁出")
    PARENT_ABLE = "parent_able", _("父母恢复监护能力")
    OTHER = "other", _("其他原因不再符合条件")


class PayrollStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    APPROVED = "approved", _("已批准")


class LineKind(models.TextChoices):
    REGULAR = "regular", _("正常发放")
    ARREARS = "arrears", _("补发")
    REVERSAL = "reversal", _("冲减")
    # Amounts held in earlier payrolls (no active account then), paid once the account exists.
    RELEASED = "released", _("暂缓补发")


# Who holds a payment account, relative to the child: the child, or a family member.
HOLDER_RELATIONS = [("child", _("儿童本人")), *Relation.choices]


class InsuranceKind(models.TextChoices):
    ACCIDENT = "accident", _("意外伤害保险")
    SUPPLEMENTARY_MEDICAL = "supplementary_medical", _("补充医疗保险")


class EnrolmentStatus(models.TextChoices):
    """A child on an insurance roster (issue 8, item 10): on it, or removed with a reason
    (and re-enrolled with a note); every move is a workflow event."""

    ENROLLED = "enrolled", _("在册")
    REMOVED = "removed", _("已移出")
