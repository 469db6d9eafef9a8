from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "childwelfare.cases"
    verbose_name = _("个案管理")

    def ready(self):
        self.ready_conference()

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
