from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "childwelfare.cases"
    verbose_name = _("个案管理")

    def ready(self):
        self._ready_intake()

    # --- intake and mandatory reports (part "intake") ---------------------------------------
    def _ready_intake(self):
        from childwelfare.accounts.choices import Role
        from childwelfare.accounts.home import register_ability
        from childwelfare.accounts.menu import on_pages, register_menu_item
        from childwelfare.accounts.policy import has_role
        from childwelfare.discovery.board import register_open_case_provider
        from childwelfare.discovery.followups import register_visit_followup
        from childwelfare.registry.timeline import register_timeline_provider

        from . import intake_deadlines  # noqa: F401 - registers mandatory_report_feedback
        from .followups import abuse_item_prompt, open_case_exists
        from .permissions import can_read_intakes
        from .timeline import intake_events

        register_timeline_provider(intake_events)
        # The red list "without an open case" reads the cases table (discovery.board).
        register_open_case_provider(open_case_exists)
        register_visit_followup(abuse_item_prompt)
        register_menu_item(
            _("接案登记"),
            "cases:intake_list",
            can_read_intakes,
            active=on_pages(
                "cases:intake_list",
                "cases:intake_create",
                "cases:report_create",
                "cases:intake_detail",
            ),
            order=36,
        )
        register_ability(
            _("登记接案和强制报告，受理强制报告并向报告单位反馈处理结果，立案或并案"),
            "cases:intake_list",
            lambda user: has_role(user, Role.DISTRICT_OFFICER),
            order=30,
        )
