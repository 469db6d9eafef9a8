from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _on_import_pages(match) -> bool:
    return match is not None and match.app_name == "registry" and "import" in (match.url_name or "")


class RegistryConfig(AppConfig):
    name = "childwelfare.registry"
    verbose_name = _("儿童档案")

    def ready(self):
        from childwelfare.accounts.home import register_home_panel

        from .home import child_file_summary, transfer_panel

        register_home_panel("registry/_home_panel.html", child_file_summary, order=10)

        from .documents import profile_section, register_file_section

        register_file_section("registry/documents/_file_profile.html", profile_section, order=10)

        register_home_panel("registry/_transfer_panel.html", transfer_panel, order=11)
        from django.urls import reverse

        from . import transfer_timeline  # noqa: F401  (registers the transfers' timeline events)
        from .jobs import register_import_kind
        from .tasks import run_roster_job

        register_import_kind(
            "roster",
            run_roster_job,
            label=_("名册导入"),
            outcome_template="registry/_import_outcome_roster.html",
            back=lambda job: (reverse("registry:import_upload"), _("再导入一个名册")),
        )

        from childwelfare.accounts.menu import on_pages, register_menu_item
        from childwelfare.accounts.permissions import can_edit_children, can_read_children

        register_menu_item(
            _("儿童档案"),
            "registry:child_list",
            can_read_children,
            active=on_pages("registry:child_list", "registry:child_detail"),
            order=10,
        )
        register_menu_item(
            _("名册导入"), "registry:import_upload", can_edit_children, active=_on_import_pages, order=15
        )
        from .permissions import can_handle_registration_conflicts

        register_menu_item(
            _("登记冲突"),
            "registry:conflict_list",
            can_handle_registration_conflicts,
            active=on_pages("registry:conflict_list"),
            order=16,
        )
        from childwelfare.accounts.home import register_ability

        register_ability(
            _("查看和查找儿童档案（一人一档）"), "registry:child_list", can_read_children, order=10
        )
        register_ability(_("导入儿童名册（电子表格）"), "registry:import_upload", can_edit_children, order=15)
        register_ability(
            _("处理身份证号已在别处登记的冲突"),
            "registry:conflict_list",
            can_handle_registration_conflicts,
            order=16,
        )
