from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from places.demo import load_demo_step
        from trustbeat import registry

        registry.register_nav("places", _("My neighborhood"), "places:find", order=10)
        registry.register_nav(
            "places.officers", _("Meet your officers"), "places:beat_team_index", order=50
        )
        registry.register_home_card(
            "places.officers",
            _("Meet your officers"),
            _("The officers who work your beat, in their own words."),
            "places:beat_team_index",
            order=10,
        )
        registry.register_demo_loader(
            "places", _("neighborhoods and addresses"), load_demo_step, order=10
        )
