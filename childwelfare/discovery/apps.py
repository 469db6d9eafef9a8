from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "childwelfare.discovery"
    verbose_name = _("主动发现")

    def ready(self):
        from childwelfare.registry.timeline import register_timeline_provider

        from .timeline import discovery_events

        register_timeline_provider(discovery_events)

        from childwelfare.registry.documents import register_file_section

        from .documents import assessments_section, care_section, visits_section

        register_file_section("discovery/documents/_file_assessments.html", assessments_section, order=30)
        register_file_section("discovery/documents/_file_visits.html", visits_section, order=40)
        register_file_section("discovery/documents/_file_care.html", care_section, order=50)

        from childwelfare.registry.moves import register_move_handler

        from .services.screening import move_open_records

        register_move_handler(move_open_records)

        from django.utils.translation import gettext_lazy as _

        from childwelfare.registry.jobs import register_import_kind

        from .jobs import campaign_link, run_screening_job

        register_import_kind(
            "screening",
            run_screening_job,
            label=_("排查结果导入"),
            outcome_template="discovery/_import_outcome.html",
            back=campaign_link,
        )

        from childwelfare.accounts.home import register_home_panel

        from .views.home import home_panel_context

        register_home_panel("discovery/_home_panel.html", home_panel_context, order=20)

        from childwelfare.accounts.choices import Role
        from childwelfare.accounts.menu import register_menu_item
        from childwelfare.accounts.permissions import can_read_children
        from childwelfare.registry.links import register_child_link

        from .permissions import can_record_visit

        register_menu_item(_("主动发现"), "discovery:work", can_read_children, order=20)
        register_menu_item(
            _("问题清单"),
            "discovery:problem_list",
            lambda user: user.role == Role.DEPARTMENT_LIAISON and not can_read_children(user),
            order=25,
        )

        register_child_link(_("走访与帮扶"), "discovery:child", lambda user, child: True, order=20)
        register_child_link(
            _("录入走访"),
            "discovery:child_visit",
            lambda user, child: can_record_visit(user, child.area_id),
            order=21,
        )
