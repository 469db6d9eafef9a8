"""Where active discovery meets intake (issue 10, part "intake"): the red list's "without an
open case" reads the cases table, and a visit or screening that ticked a violence or abuse
item prompts a mandatory report."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from .choices import CaseStatus, ReportSituation
from .models import Case
from .permissions import can_record_intake

# The risk items (discovery migration 0002, item set v1; codes are kept across versions) that
# are violence or abuse, and the mandatory-report situation each suggests (DOMAIN.md §7):
#   domestic_violence 遭受家庭暴力或虐待（紧急） → (4) injuries with suspected violence/abuse
#   bullied           遭受欺凌                   → (4) … bullying …
# Abandonment and living alone (situation 6) are neglect, not violence: no prompt.
ABUSE_ITEMS: dict[str, str] = {
    "domestic_violence": ReportSituation.VIOLENCE,
    "bullied": ReportSituation.VIOLENCE,
}


def open_case_exists() -> Exists:
    """Exists over the cases of OuterRef("pk") (a Child) that are not closed: the red list
    (discovery.board.needs_a_case) leaves out a child who has one."""
    return Exists(Case.objects.filter(child=OuterRef("pk")).exclude(status=CaseStatus.CLOSED))


def abuse_situations(item_ids) -> list[str]:
    """The report situations suggested by the ticked risk items `item_ids` (RiskItem pks),
    sorted; [] when none is a violence or abuse item. One query."""
    from childwelfare.discovery.models import RiskItem

    codes = RiskItem.objects.filter(pk__in=list(item_ids), code__in=ABUSE_ITEMS).values_list(
        "code", flat=True
    )
    return sorted({ABUSE_ITEMS[code] for code in codes})


def abuse_item_prompt(request, child, item_ids) -> None:
    """After a visit or screening of `child` with a violence or abuse item: a warning message
    with a link to the mandatory report form pre-filled with the child and the situation
    (for users who may record one; others are told to tell the district)."""
    situations = abuse_situations(item_ids)
    if not situations:
        return
    if can_record_intake(request.user, child.area_id):
        url = reverse("cases:report_create") + f"?child={child.pk}&situations={','.join(situations)}"
        text = format_html(
            '{} <a class="alert-link" href="{}" data-report-prompt>{}</a>',
            _("勾选了遭受暴力或虐待的情形，依法应当强制报告。"),
            url,
            _("登记强制报告"),
        )
    else:
        text = _("勾选了遭受暴力或虐待的情形，依法应当强制报告，请立即报告区民政部门。")
    messages.warning(request, text)
