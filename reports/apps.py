from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from places.sections import register_area_section
        from reports.area_section import area_reports_context

        register_area_section(
            "reports", template="reports/area_section.html", context=area_reports_context
        )
