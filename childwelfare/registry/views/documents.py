"""The child file as a PDF (一人一档 on paper): the same readers as the profile page, a
child outside scope a 404; every print is logged like a full view (audit.log_access)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from childwelfare.access.guards import get_visible_or_404
from childwelfare.audit.models import AccessAction
from childwelfare.audit.services import log_access
from childwelfare.lib.pdf import render_pdf

from ..documents import sections_for
from ..models import Child


@never_cache
@login_required
def child_file_pdf(request, pk):
    """The child's whole file as of today: profile, family, categories and the sections the
    other apps register (registry.documents), ID numbers masked, signature lines at the end."""
    child = get_visible_or_404(Child.objects.select_related("area", "hukou_area"), request.user, pk=pk)
    today = timezone.localdate()
    with translation.override("zh-hans"):
        detail = _("打印儿童档案（PDF）")
    log_access(user=request.user, action=AccessAction.DOWNLOAD, obj=child, detail=detail, request=request)
    context = {
        "title": _("儿童档案（一人一档）"),
        "area_name": child.area.full_name,
        "as_of": today,
        "sections": sections_for(child, request.user, today),
        "signatures": [_("建档人"), _("审核人")],
    }
    return render_pdf(
        request,
        "registry/documents/child_file.html",
        context,
        f"{_('儿童档案')}_{child.name}_{today:%Y%m%d}.pdf",
    )
