from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from events.demo import load_demo_step
        from events.permissions import (
            can_log_interaction,
            can_manage_event,
            can_view_interaction_totals,
        )
        from events.queries import dashboard_figures
        from events.retention import purge_rsvp_contacts
        from events.sections import area_events_context, home_card_context
        from trustbeat import registry

        registry.register_nav("events", _("Events"), "events:index", order=40)
        registry.register_home_card(
            "events", _("Events"),
            _("Community events with your officers: barbecues, open houses, bike patrols, "
              "meetings."),
            "events:index", order=40, template="events/home_card.html",
            context=home_card_context,
        )
        registry.register_nav("events.mine", _("My events"), "events:mine",
                              visible=can_manage_event, order=40, menu="account")
        registry.register_nav("events.interactions", _("Log an interaction"),
                              "events:interaction_new", visible=can_log_interaction,
                              order=41, menu="account")
        registry.register_nav("events.interaction_totals", _("Interaction totals"),
                              "events:interaction_totals", visible=can_view_interaction_totals,
                              order=42, menu="account")
        registry.register_area_section(
            "events", _("Upcoming events"), template="events/area_section.html",
            context=area_events_context, order=20,
        )
        registry.register_demo_loader("events", _("community events"), load_demo_step,
                                      order=40)
        registry.register_dashboard_panel("events", _("Events and positive interactions"),
                                          read=dashboard_figures, order=40)
        registry.register_retention_rule(
            "events.rsvp_contacts",
            _("Names and email addresses of RSVPs without an account are erased 180 days "
              "after the event."),
            purge_rsvp_contacts,
        )
        # RSVPs are public POSTs: at most 10 an hour from one address.
        registry.register_rate_limit("events-rsvp", "10/3600")
