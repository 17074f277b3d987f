from datetime import datetime

from django.apps import AppConfig


def purge_notes(now: datetime) -> int:
    return 0


class ThrowawayConfig(AppConfig):
    name = "trustbeat.tests.throwaway_module"
    label = "throwaway_module"

    def ready(self) -> None:
        from trustbeat import registry

        registry.register_nav("throwaway", "Throwaway things", "throwaway:index", order=200)
        registry.register_home_card(
            "throwaway", "Throwaway things", "Things nobody needs, listed.", "throwaway:index",
            order=200,
        )
        registry.register_demo_loader("throwaway", "throwaway things", lambda ctx: None,
                                      order=999)
        registry.register_retention_rule("throwaway.notes", "Old notes", purge_notes)
        registry.register_rate_limit("throwaway-post", "2/60")
