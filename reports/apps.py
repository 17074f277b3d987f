from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from reports.area_section import area_reports_context
        from reports.demo import load_demo_step
        from reports.home import home_card_context
        from reports.permissions import can_lead_walks, can_manage_categories, can_view_work_queue
        from reports.retention import purge_alert_subscriptions, purge_reporter_contacts
        from trustbeat import registry

        registry.register_nav("problems", _("Problem areas"), "reports:map", order=20)
        registry.register_home_card(
            "problems",
            _("Problem areas"),
            _("Report poor lighting, neglected parks, missing signs and problem businesses, "
              "and follow each report to its fix."),
            "reports:map",
            order=20,
            template="reports/home_card.html",
            context=home_card_context,
        )
        registry.register_home_action("problems", _("Report a problem"), "reports:new", order=10)
        registry.register_nav(
            "reports.queue", _("Work queue"), "reports:queue", visible=can_view_work_queue,
            order=10, menu="account",
        )
        registry.register_nav(
            "reports.walks", _("Walks"), "reports:walks", visible=can_lead_walks, order=20,
            menu="account",
        )
        registry.register_nav(
            "reports.categories", _("Categories"), "reports:categories",
            visible=can_manage_categories, order=30, menu="account",
        )
        registry.register_area_section(
            "reports", _("Problem reports here"), template="reports/area_section.html",
            context=area_reports_context, order=10,
        )
        registry.register_demo_loader(
            "reports", _("problem reports (Los Angeles 311 sample)"), load_demo_step, order=30
        )
        registry.register_retention_rule(
            "reports.reporter_contacts",
            _("Reporters' names, email addresses and phone numbers are erased from reports "
              "closed longer ago than REPORTS_CONTACT_RETENTION_DAYS."),
            purge_reporter_contacts,
        )
        registry.register_retention_rule(
            "reports.alert_subscriptions",
            _("Alerts following a report closed longer ago than REPORTS_ALERT_RETENTION_DAYS, "
              "and subscriptions never confirmed, are deleted."),
            purge_alert_subscriptions,
        )
