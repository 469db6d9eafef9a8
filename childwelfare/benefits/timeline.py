"""Benefit events on the child's timeline: applications and their steps, payroll lines
(held ones marked), and the changes of the child's payment account (numbers masked)."""

from django.utils.translation import gettext as _

from childwelfare.registry.timeline import TimelineEvent, history_events

from .models import BankAccount, EligibilityApplication, PayrollLine
from .permissions import can_read_accounts


def benefit_events(child, user):
    for app in EligibilityApplication.objects.filter(child=child).select_related(
        "created_by", "verified_by", "confirmed_by", "refused_by"
    ):
        kind = app.get_kind_display()
        yield TimelineEvent(
            at=app.submitted_on,
            kind="benefits.application",
            title=_("提出申请：%(kind)s") % {"kind": kind},
            detail=f"{app.get_applicant_kind_display()} {app.applicant_name}",
            actor=str(app.created_by),
        )
        if app.verified_on:
            yield TimelineEvent(
                at=app.verified_on,
                kind="benefits.application",
                title=_("乡镇查验通过：%(kind)s") % {"kind": kind},
                detail=app.verification_note,
                actor=str(app.verified_by or ""),
            )
        if app.confirmed_on:
            yield TimelineEvent(
                at=app.confirmed_on,
                kind="benefits.application",
                title=_("区县确认：%(kind)s") % {"kind": kind},
                detail=_("次月起发放"),
                actor=str(app.confirmed_by or ""),
            )
        if app.refused_on:
            yield TimelineEvent(
                at=app.refused_on,
                kind="benefits.application",
                title=_("不予认定：%(kind)s") % {"kind": kind},
                detail=app.refusal_reason,
                actor=str(app.refused_by or ""),
            )
    lines = PayrollLine.objects.filter(child=child, payroll__status="approved").select_related("payroll")
    for line in lines.order_by("for_month", "id")[:120]:
        yield TimelineEvent(
            at=line.payroll.approved_at or line.for_month,
            kind=f"benefits.payroll.{line.kind}",
            title=(
                _("%(kind)s %(month)s %(amount)s元（暂缓发放：无有效发放账户）")
                if line.held
                else _("%(kind)s %(month)s %(amount)s元")
            )
            % {
                "kind": line.get_kind_display(),
                "month": f"{line.for_month:%Y-%m}",
                "amount": line.amount,
            },
            detail=_("%(category)s，%(days)s/%(month_days)s天")
            % {
                "category": line.get_category_display(),
                "days": line.days_eligible,
                "month_days": line.days_in_month,
            },
        )
    # The payment account: who entered or changed it, when and why (money follows it).
    if can_read_accounts(user):
        yield from account_events(child)


def account_events(child) -> list:
    """The changes of the child's payment account as timeline events, oldest first, numbers
    masked (registry.timeline.history_events; one query)."""
    return history_events(
        BankAccount,
        child_id=child.pk,
        kind="benefits.account",
        titles=(_("登记发放账户"), _("修改发放账户"), _("删除发放账户")),
        snapshot_fields=("bank_name", "holder_name", "holder_relation", "account_number", "is_active"),
    )
