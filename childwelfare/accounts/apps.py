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
        from .home import register_ability
        from .permissions import can_manage_accounts

        # No main-menu entry (the bar is full for officers): the home page's "您可以" links it.
        register_ability(
            _("管理本辖区的用户账号，为忘记密码的用户重置密码"),
            "account_list",
            can_manage_accounts,
            order=800,
        )
        register_ability(
            _("修改自己的登录密码"), "password_change", lambda user: user.is_authenticated, order=900
        )
