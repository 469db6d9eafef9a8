from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "childwelfare.cases"
    verbose_name = _("个案管理")

    def ready(self):
        # --- caseflow: timeline, transfers, menu, home panel, child link, abilities --------
        from childwelfare.accounts.choices import Role
        from childwelfare.accounts.home import register_ability, register_home_panel
        from childwelfare.accounts.menu import register_menu_item
        from childwelfare.accounts.policy import has_role
        from childwelfare.registry.links import register_child_link
        from childwelfare.registry.timeline import register_timeline_provider
        from childwelfare.registry.transfers import register_transfer_hook

        from . import permissions
        from .services.caseflow_transfer import follow_transfer
        from .timeline import case_events
        from .views.caseflow_home import home_panel_context

        register_timeline_provider(case_events)
        register_transfer_hook(follow_transfer)
        # A case's deadlines (assessment, plan review, actions, guardianship re-assessment)
        # move with its child (deadlines/moves.py).
        from childwelfare.deadlines.moves import register_child_path

        from .models import Case, CaseAction, Guardianship

        register_child_path(Case, "child_id")
        register_child_path(CaseAction, "case__child_id")
        register_child_path(Guardianship, "child_id")
        register_menu_item(_("个案管理"), "cases:case_list", permissions.can_read_cases, order=35)
        register_menu_item(
            _("本部门的个案任务"),
            "cases:department_actions",
            permissions.is_department_liaison,
            order=31,
        )
        register_home_panel("cases/caseflow/_home_panel.html", home_panel_context, order=25)
        register_child_link(
            _("开立个案"),
            "cases:case_open",
            lambda user, child: permissions.can_open_case(user, child.area_id),
            order=30,
        )
        register_ability(
            _("开立和办理个案：评估、计划、服务介入、回顾与结案"),
            "cases:case_list",
            lambda user: has_role(user, Role.DISTRICT_OFFICER),
            order=30,
        )
        register_ability(
            _("审批个案的评估、计划和结案"),
            "cases:case_list",
            lambda user: has_role(user, Role.CHILD_SUPERVISOR),
            order=31,
        )
        register_ability(
            _("办理分派给本部门的个案任务：登记进展、提交完成情况"),
            "cases:department_actions",
            lambda user: has_role(user, Role.DEPARTMENT_LIAISON),
            order=32,
        )
        self._ready_intake()
        self.ready_conference()
        self.ready_guardianship()

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

    # --- conference (会商) ---------------------------------------------------------------------
    def ready_conference(self):
        from childwelfare.accounts.choices import Role
        from childwelfare.accounts.home import register_ability, register_home_panel
        from childwelfare.accounts.menu import register_menu_item
        from childwelfare.accounts.policy import has_role
        from childwelfare.registry.timeline import register_timeline_provider

        from .permissions import can_read_conferences
        from .timeline import conference_events
        from .views.conference_home import conference_panel_context

        register_timeline_provider(conference_events)
        register_menu_item(_("个案会商"), "cases:conference_list", can_read_conferences, order=35)
        register_home_panel("cases/conference/_home_panel.html", conference_panel_context, order=35)
        register_ability(
            _("召集个案会商，登记到会情况、会议纪要和会商决定，督办逾期任务"),
            "cases:conference_list",
            lambda user: has_role(user, Role.DISTRICT_OFFICER, Role.CITY_ADMIN),
            order=35,
        )
        register_ability(
            _("查看本部门受邀参加的个案会商和分派给本部门的会商任务"),
            "cases:conference_list",
            lambda user: has_role(user, Role.DEPARTMENT_LIAISON),
            order=36,
        )

    # --- guardianship --------------------------------------------------------------------------
    def ready_guardianship(self):
        from childwelfare.registry.links import register_child_link
        from childwelfare.registry.spell_basis import register_spell_basis
        from childwelfare.registry.timeline import register_timeline_provider

        from .permissions import can_read_guardianship
        from .services.guardianship import guardianship_basis
        from .timeline import guardianship_events

        register_spell_basis(guardianship_basis)
        register_timeline_provider(guardianship_events)
        register_child_link(
            _("民政监护"),
            "cases:guardianship_child",
            lambda user, child: can_read_guardianship(user),
            order=60,
        )
