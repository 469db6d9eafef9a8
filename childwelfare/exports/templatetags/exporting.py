"""{% export_button "discovery:problem_export" %}: the 导出 button of a list page. It sends
the page's own query string (its filters; not the page number) to the list's export, and
offers a second, explicit "with full ID numbers" link (full=1, logged) to a user who may see
full numbers when the list holds any."""

from django import template
from django.urls import resolve, reverse

from childwelfare.lib.exporting import export_list

from ..views import may_export_full

register = template.Library()
SKIPPED = {"page", "size", "full"}


@register.inclusion_tag("exports/_export_button.html", takes_context=True)
def export_button(context, url_name: str, *args):
    request = context["request"]
    url = reverse(url_name, args=args)
    export = export_list(resolve(url).func.export_key)
    query = request.GET.copy()
    for name in SKIPPED:
        query.pop(name, None)
    return {"url": url, "query": query.urlencode(), "may_full": may_export_full(request.user, export)}
