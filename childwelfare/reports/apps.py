from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Statistics (issue 12): the dashboard and the annual work report. Reads every other
    app's records and writes none of them (its own models, if any, hold report jobs and
    pre-aggregates only)."""

    name = "childwelfare.reports"
    label = "reports"
    verbose_name = _("统计")

    def ready(self) -> None:
        # Each domain module registers its figures on import.
        # The annual report's workbook and PDF are written as export jobs.
        from childwelfare.exports.documents import register_document

        from . import sections  # noqa: F401
        from .annual_files import DOCUMENTS

        for doc in DOCUMENTS:
            register_document(doc)
