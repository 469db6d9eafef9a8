from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "childwelfare.accounts"
    verbose_name = _("账号")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import record_sign_in

        user_logged_in.connect(record_sign_in, dispatch_uid="accounts.record_sign_in")

        from .menu import on_pages, register_menu_item

        register_menu_item(
            _("我的工作"), "home", lambda user: user.is_authenticated, active=on_pages("home"), order=0
        )
