"""Print-ready documents: an HTML template rendered to PDF by WeasyPrint (issue 9, "Paper").

Every document extends templates/documents/base.html (the header with the area, title,
as-of date and who printed it on every page, "第 N 页 共 M 页" at the foot, signature
lines) and is answered by one call:

    return render_pdf(request, "registry/documents/child_file.html", context, _("儿童档案") + ".pdf")

The stylesheet is static/css/documents.css (a file, as the site's CSP refuses <style>
elements in templates); Chinese text needs a CJK font: it names Noto Sans/Serif CJK SC
(Debian's fonts-noto-cjk) and never a file path. WeasyPrint needs pango and harfbuzz (system
libraries, see README "Printing"); without them the view answers the Chinese page
documents/unavailable.html with status 503, never a 500. Imports no app.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

PDF = "application/pdf"
STYLESHEET = "css/documents.css"


class PDFUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it loads (pango, harfbuzz) are missing."""


def _weasyprint():
    """The weasyprint module. Raises PDFUnavailable when it cannot be imported: the package
    is missing, or pango/harfbuzz are not installed (WeasyPrint raises OSError on import)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PDFUnavailable(str(exc)) from exc
    return weasyprint


def page_counter_css() -> str:
    """The CSS `content` value of the page footer in the active language: "第 " counter(page)
    " 页 共 " counter(pages) " 页" from the msgid "第 {page} 页 共 {pages} 页"."""
    text = _("第 {page} 页 共 {pages} 页")

    def quoted(part: str) -> str:
        return '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'

    before, _sep, rest = text.partition("{page}")
    middle, _sep, after = rest.partition("{pages}")
    return " ".join([quoted(before), "counter(page)", quoted(middle), "counter(pages)", quoted(after)])


def document_context(request, context: dict) -> dict:
    """The base document's context: who printed it and when (local time), the page counter,
    over `context` (which may set `title`, `area_name`, `as_of` and `signatures`)."""
    user = request.user
    return {
        "printed_by": getattr(user, "display_name", "") or user.get_username(),
        "printed_at": timezone.localtime(),
        "signatures": [],
        **context,
    }


def html_to_pdf(html: str, base_url: str | None = None, *, styled: bool = False) -> bytes:
    """PDF bytes of an HTML document; `styled`: with the documents' stylesheet and the
    translated page counter at the foot of every page. Raises PDFUnavailable without
    WeasyPrint's libraries."""
    weasyprint = _weasyprint()
    stylesheets = []
    if styled:
        stylesheets = [
            weasyprint.CSS(filename=finders.find(STYLESHEET)),
            weasyprint.CSS(string="@page { @bottom-center { content: " + page_counter_css() + "; } }"),
        ]
    return weasyprint.HTML(string=html, base_url=base_url).write_pdf(stylesheets=stylesheets)


def render_pdf(request, template: str, context: dict, filename: str) -> HttpResponse:
    """Render `template` (extending documents/base.html) with `context` to a PDF answered
    inline as `filename` (the browser shows it; saving keeps that name), never cached.

    Without WeasyPrint's system libraries: the Chinese page documents/unavailable.html, 503.
    """
    context = document_context(request, context)
    html = render_to_string(template, context, request=request)
    try:
        data = html_to_pdf(html, base_url=request.build_absolute_uri("/"), styled=True)
    except PDFUnavailable:
        return render(request, "documents/unavailable.html", {"title": context.get("title", "")}, status=503)
    response = HttpResponse(data, content_type=PDF)
    response.headers["Content-Disposition"] = content_disposition_header(False, filename)
    response.headers["Cache-Control"] = "no-store"
    return response
