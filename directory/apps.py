from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from directory.actions import purge_referrals
        from directory.area_section import area_help_context
        from directory.demo import load_demo_step
        from directory.permissions import can_edit_directory
        from trustbeat import registry

        registry.register_nav("resources", _("Resources"), "directory:index", order=30)
        registry.register_home_card(
            "resources",
            _("Resources"),
            _(
                "A directory of help: mental health, daycare, abuse support, low-income "
                "housing and more, near you and open now."
            ),
            "directory:index",
            order=30,
        )
        registry.register_nav(
            "directory.manage",
            _("Directory records"),
            "directory:manage",
            visible=can_edit_directory,
            order=40,
            menu="account",
        )
        registry.register_area_section(
            "resources",
            _("Help and resources nearby"),
            template="directory/area_section.html",
            context=area_help_context,
            order=15,
        )
        registry.register_demo_loader(
            "resources",
            _("help and resources directory (generated Los Angeles sample)"),
            load_demo_step,
            order=35,
        )
        registry.register_retention_rule(
            "resources.referrals",
            _("Personal details of referred people, after the referral retention period"),
            purge_referrals,
        )
        registry.register_rate_limit("resources-person", "10/3600")
