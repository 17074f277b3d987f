from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrustConfig(AppConfig):
    name = "trust"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from trust.actions import purge_filer_contacts, purge_source_hashes
        from trust.demo import load_demo_step
        from trust.panels import area_trust_context, home_card_context, trust_dashboard_figures
        from trust.permissions import (
            can_handle_complaints,
            can_manage_surveys,
            can_view_commendations,
            can_view_own_card,
            can_view_unit_feedback,
        )
        from trustbeat import registry

        registry.register_nav("trust", _("Trust"), "trust:index", order=90)
        registry.register_home_card(
            "trust", _("Trust"),
            _("Surveys and feedback that measure trust and safety in each neighborhood, "
              "published with their margins of error."),
            "trust:index", order=90, template="trust/home_card.html",
            context=home_card_context,
        )
        registry.register_nav("trust.surveys", _("Surveys"), "trust:surveys",
                              visible=can_manage_surveys, order=60, menu="account")
        registry.register_nav("trust.card", _("My feedback card"), "trust:my_card",
                              visible=can_view_own_card, order=61, menu="account")
        registry.register_nav("trust.units", _("Unit feedback"), "trust:units",
                              visible=can_view_unit_feedback, order=62, menu="account")
        registry.register_nav("trust.complaints", _("Complaints"), "trust:complaints",
                              visible=can_handle_complaints, order=63, menu="account")
        registry.register_nav("trust.commendations", _("Commendations"),
                              "trust:commendations", visible=can_view_commendations, order=64,
                              menu="account")
        registry.register_area_section(
            "trust", _("Trust and safety here"), template="trust/area_section.html",
            context=area_trust_context, order=60,
        )
        registry.register_demo_loader(
            "trust", _("trust surveys, feedback cards and Chicago comparison scores"),
            load_demo_step, order=90,
        )
        registry.register_dashboard_panel(
            "trust", _("Trust and safety scores"), read=trust_dashboard_figures, order=90
        )
        registry.register_retention_rule(
            "trust.source_hashes",
            _("Survey and card answers: the hashed sender address kept against floods is "
              "erased after 48 hours."),
            purge_source_hashes,
        )
        registry.register_retention_rule(
            "trust.filer_contacts",
            _("Commendations and complaints: the filer's name, email and phone are erased "
              "two years after the filing closed."),
            purge_filer_contacts,
        )
        registry.register_rate_limit("trust-answer", "10/3600")
        registry.register_rate_limit("trust-card", "10/3600")
        registry.register_rate_limit("trust-filing", "5/3600")
