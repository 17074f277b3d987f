from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import checks  # noqa: F401  (registers the deploy check)
        from accounts.demo import load_demo_step
        from accounts.permissions import can_edit_officer_profile, can_use_admin_site
        from trustbeat import registry

        registry.register_nav(
            "accounts.officer_profile", _("My public profile"), "accounts:officer_profile",
            visible=can_edit_officer_profile, order=40, menu="account",
        )
        registry.register_nav(
            "accounts.admin", _("Admin"), "admin:index", visible=can_use_admin_site, order=90,
            menu="account",
        )
        registry.register_demo_loader(
            "accounts", _("people and organizations"), load_demo_step, order=20
        )
