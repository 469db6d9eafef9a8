"""The visit record form (走访记录表) as a PDF: blank, pre-filled with the child, for whoever
may record the child's visit (as the visit form page); completed, for a recorded visit, for
whoever reads the child's visits. Outside scope: 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from childwelfare.access.guards import deny_unless, get_visible_or_404
from childwelfare.lib.pdf import render_pdf

from .. import permissions
from ..documents import visit_form_context
from ..models import Visit
from .visits import visible_child


@never_cache
@login_required
def visit_form_pdf(request, pk):
    """A blank visit record form for the child: facts, guardians, current colour, the risk
    items as empty boxes, lines to write on, the visitor's and guardian's signature lines."""
    child = visible_child(request, pk)
    deny_unless(permissions.can_record_visit(request.user, child.area_id))
    today = timezone.localdate()
    context = {
        **visit_form_context(child, request.user, today),
        "title": _("走访记录表"),
        "area_name": child.area.full_name,
        "as_of": today,
        "signatures": [_("走访人"), _("监护人")],
    }
    return render_pdf(
        request, "discovery/documents/visit_form.html", context, f"{_('走访记录表')}_{child.name}.pdf"
    )


@never_cache
@login_required
def visit_record_pdf(request, pk):
    """The visit record form of a recorded visit, filled in from it (and its assessment)."""
    visit = get_visible_or_404(
        Visit.objects.select_related("child", "child__area", "visitor"), request.user, pk=pk
    )
    child = visit.child
    context = {
        **visit_form_context(child, request.user, visit.visited_on, visit=visit),
        "title": _("走访记录表"),
        "area_name": child.area.full_name,
        "as_of": visit.visited_on,
        "signatures": [_("走访人"), _("监护人")],
    }
    filename = f"{_('走访记录表')}_{child.name}_{visit.visited_on:%Y%m%d}.pdf"
    return render_pdf(request, "discovery/documents/visit_form.html", context, filename)
