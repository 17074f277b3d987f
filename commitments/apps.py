from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Commitments")

    def ready(self) -> None:
        from commitments.area_section import area_commitments_context
        from commitments.demo import load_demo_step
        from commitments.hooks import connect
        from commitments.permissions import can_manage_commitments
        from commitments.queries import status_counts
        from trustbeat import registry

        registry.register_nav("commitments", _("Commitments"), "commitments:board", order=80)
        registry.register_home_card(
            "commitments",
            _("Commitments"),
            _("Promises made by the police and by community partners, with their progress "
              "and evidence."),
            "commitments:board",
            order=80,
        )
        registry.register_nav(
            "commitments.manage", _("Commitments to update"), "commitments:manage",
            visible=can_manage_commitments, order=40, menu="account",
        )
        registry.register_area_section(
            "commitments", _("Commitments here"), template="commitments/area_section.html",
            context=area_commitments_context, order=30,
        )
        registry.register_demo_loader(
            "commitments", _("commitments by the police and community partners"),
            load_demo_step, order=60,
        )
        registry.register_dashboard_panel(
            "commitments", _("Commitments by status"), read=status_counts, order=80,
        )
        connect()
        registry.register_rate_limit("commitments-comment", "5/3600")
        registry.register_rate_limit("commitments-follow", "10/3600")
        registry.register_rate_limit("commitments-abuse", "10/3600")
