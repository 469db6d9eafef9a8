from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "childwelfare.benefits"
    verbose_name = _("保障")

    def ready(self):
        # The deadline engine (issue 10): the override table feeds its working days, and the
        # applications' two steps are its deadlines (benefits/applications.py).
        from childwelfare.deadlines.calendar import register_override_source
        from childwelfare.deadlines.moves import register_child_path
        from childwelfare.deadlines.subjects import register_due_listener, register_subject_queryset

        from .applications import holiday_overrides, sync_due_from_deadline
        from .models import EligibilityApplication

        register_override_source(holiday_overrides)
        register_subject_queryset(lambda: EligibilityApplication.objects.select_related("child"))
        register_due_listener(EligibilityApplication, sync_due_from_deadline)
        register_child_path(EligibilityApplication, "child_id")

        from childwelfare.registry.timeline import register_timeline_provider

        from .insurance_timeline import insurance_events
        from .timeline import benefit_events

        register_timeline_provider(benefit_events)
        register_timeline_provider(insurance_events)

        from childwelfare.registry.documents import register_file_section

        from .documents import benefits_section

        register_file_section("benefits/documents/_file_benefits.html", benefits_section, order=60)

        from childwelfare.accounts.home import register_home_panel
        from childwelfare.accounts.permissions import can_read_children
        from childwelfare.registry.links import register_child_link

        from .views.home import home_panel_context

        register_home_panel("benefits/_home_panel.html", home_panel_context, order=30)

        from childwelfare.registry.jobs import register_import_kind

        from .jobs import run_policies_job, scheme_link

        register_import_kind(
            "policies",
            run_policies_job,
            label=_("保单号导入"),
            outcome_template="benefits/_import_outcome_policies.html",
            back=scheme_link,
        )

        from childwelfare.accounts.menu import register_menu_item

        register_menu_item(_("保障"), "benefits:index", can_read_children, order=30)
        from childwelfare.registry.timeline import register_masked_field

        from .models.applications import mask_account_number
        from .permissions import can_read_accounts

        register_masked_field("account_number", mask_account_number)
        register_child_link(
            _("发放账户"), "benefits:bank_account", lambda user, child: can_read_accounts(user), order=31
        )
        register_child_link(
            _("保障资格核对"),
            "benefits:eligibility_check",
            lambda user, child: can_read_children(user),
            order=30,
        )
        from childwelfare.accounts.choices import Role
        from childwelfare.accounts.home import register_ability
        from childwelfare.accounts.policy import has_role

        from .permissions import can_review_spells

        # One line per role, saying only the steps the role takes (QA: the director and the
        # supervisor were promised confirming).
        register_ability(
            _("为本村（居）儿童提交保障认定申请"),
            "benefits:application_list",
            lambda user: has_role(user, Role.CHILD_DIRECTOR),
            order=30,
        )
        register_ability(
            _("提交和查验保障认定申请"),
            "benefits:application_list",
            lambda user: has_role(user, Role.CHILD_SUPERVISOR),
            order=30,
        )
        register_ability(
            _("办理保障认定申请：提交、确认或不予认定"),
            "benefits:application_list",
            lambda user: has_role(user, Role.DISTRICT_OFFICER),
            order=30,
        )
        register_ability(
            _("复核录入的保障类别（可批量）"), "benefits:spell_review", can_review_spells, order=31
        )
        register_ability(
            _("计算、审核月度发放，导出银行发放名册"),
            "benefits:payroll_month",
            lambda user: has_role(user, Role.DISTRICT_OFFICER),
            order=32,
        )
        register_ability(
            _("查看月度发放和保障申请"),
            "benefits:payroll_month",
            lambda user: has_role(user, Role.AUDITOR, Role.CITY_ADMIN),
            order=33,
        )
