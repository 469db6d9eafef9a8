"""Paid categories awaiting the second person's check (issue 8, item 7): the list with each
child's eligibility explanation, and the batch confirmation or refusal."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from childwelfare.access.guards import page_for
from childwelfare.lib import batch
from childwelfare.lib.paging import paginate
from childwelfare.registry.spell_basis import spell_basis

from .. import permissions
from ..explanations import render_result
from ..forms import SpellReviewForm
from ..spells import SpellReviewError, confirm_spells, explain, pending_spells, refuse_spells


@require_http_methods(["GET", "POST"])
@page_for(permissions.can_review_spells)
def spell_review(request):
    """GET: pending paid categories of the officer's district, 50 a page, each with the
    eligibility check an application would get. POST: confirm or refuse the ticked ones (or
    all pending), then a summary of what was done and what was skipped and why."""
    user = request.user
    pending = pending_spells(user)
    form = SpellReviewForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            chosen = pending if data["select_all"] else pending.filter(pk__in=data["spells"])
            try:
                if data["action"] == "refuse":
                    result = refuse_spells(list(chosen), actor=user, reason=data["reason"])
                else:
                    result = confirm_spells(
                        list(chosen),
                        actor=user,
                        on=timezone.localdate(),
                        approve_arrears=data["approve_arrears"],
                        arrears_reason=data["reason"],
                    )
            except SpellReviewError as exc:
                messages.error(request, str(exc))
            else:
                # The summary of every batch step (lib.batch): done, then skipped by reason.
                outcome = batch.BatchOutcome(done=[spell.child.name for spell in result.done])
                for spell, why in result.skipped:
                    outcome.skip(
                        why,
                        _("%(child)s（%(category)s）")
                        % {"child": spell.child.name, "category": spell.get_category_display()},
                    )
                refusing = data["action"] == "refuse"
                batch.report(
                    request,
                    outcome,
                    done=_("已不予确认 %(count)d 项") if refusing else _("已确认 %(count)d 项"),
                    skipped=_("跳过 %(count)d 项，未作改动："),
                )
                return redirect("benefits:spell_review")
        else:
            messages.error(request, _("请检查所填内容"))
    page = paginate(request, pending)
    today = timezone.localdate()
    # A refused review shows the page again with what was ticked and typed (nothing lost).
    ticked = set(request.POST.getlist("spells")) if request.method == "POST" else set()
    rows = [
        {
            "spell": spell,
            "check": _rendered(explain(spell, today)),
            # a long-term guardianship (registry.spell_basis): checked against that instead
            "basis": spell_basis(spell),
            "own": not permissions.is_second_person(user, spell.created_by_id),
            "checked": str(spell.pk) in ticked,
        }
        for spell in page
    ]
    return render(
        request, "benefits/spell_review.html", {"page": page, "rows": rows, "form": form, "today": today}
    )


def _rendered(check):
    """An Eligibility (or None) rendered in the active language for the page."""
    return render_result(check.as_dict()) if check is not None else None
