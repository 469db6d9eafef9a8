from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "childwelfare.discovery"
    verbose_name = _("主动发现")

    def ready(self):
        from childwelfare.registry.timeline import register_timeline_provider

        from .timeline import discovery_events

        register_timeline_provider(discovery_events)

        from childwelfare.registry.merging import register_merge_fold

        from .merge import fold_screening_records
        from .models import ScreeningRecord

        register_merge_fold(ScreeningRecord, fold_screening_records)

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
        from childwelfare.accounts.home import register_ability
        from childwelfare.accounts.policy import has_role

        def role(*roles):
            return lambda user: has_role(user, *roles)

        register_ability(
            _("排查本村（居）儿童，录入排查结果和发现的问题"),
            "discovery:work",
            role(Role.CHILD_DIRECTOR),
            order=20,
        )
        register_ability(
            _("核实儿童主任提交的排查记录（可全选批量核实），退回须重查的记录"),
            "discovery:work",
            role(Role.CHILD_SUPERVISOR),
            order=21,
        )
        register_ability(
            _("抽样复访并确认排查记录（可全选批量确认）"),
            "discovery:work",
            role(Role.DISTRICT_OFFICER),
            order=22,
        )
        register_ability(
            _("创建和管理专项排查"),
            "discovery:campaign_list",
            role(Role.DISTRICT_OFFICER, Role.CITY_ADMIN),
            order=23,
        )
        register_ability(
            _("查看走访计划：逾期和近期应走访的儿童"),
            "discovery:visit_list",
            role(Role.CHILD_DIRECTOR, Role.CHILD_SUPERVISOR, Role.DISTRICT_OFFICER, Role.STATION_STAFF),
            order=24,
        )
        register_ability(
            _("办理分派给本部门的问题：登记办理情况、办结，查看儿童的家庭联系人"),
            "discovery:problem_list",
            role(Role.DEPARTMENT_LIAISON),
            order=25,
        )
        register_ability(
            _("督办问题：转办、延期、催办，核验销号"),
            "discovery:problem_list",
            role(Role.DISTRICT_OFFICER),
            order=26,
        )
        register_ability(
            _("跟进发现的问题，催办责任部门"), "discovery:problem_list", role(Role.CHILD_SUPERVISOR), order=27
        )
