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
        from django.db.models.signals import post_migrate

        from childwelfare.accounts.menu import register_menu_item

        from .triggers import install_after_migrate

        # The dashboard's tallies are kept honest by database triggers (reports/triggers.py).
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="reports_tally_triggers")

        # Each domain module registers its figures on import.
        # The annual report's workbook and PDF are written as export jobs.
        from childwelfare.exports.documents import register_document

        from . import sections  # noqa: F401
        from .permissions import can_read_reports

        register_menu_item(_("统计"), "reports:dashboard", can_read_reports, order=85)

        from .annual_files import DOCUMENTS

        for doc in DOCUMENTS:
            register_document(doc)
