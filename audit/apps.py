from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts.permissions import can_view_audit_log
        from trustbeat import registry

        registry.register_nav(
            "audit.log", _("Audit log"), "audit:log", visible=can_view_audit_log, order=80,
            menu="account",
        )
