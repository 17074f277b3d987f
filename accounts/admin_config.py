"""The admin app's config, named in INSTALLED_APPS in place of "django.contrib.admin".

Kept apart from accounts/apps.py (one default AppConfig per module) and from
admin_site.py (which imports models, so it cannot load while settings are read).
"""

from django.contrib.admin.apps import AdminConfig


class OTPAdminConfig(AdminConfig):
    """Django's admin app, with a site that demands a verified second factor."""

    default_site = "accounts.admin_site.TrustBeatAdminSite"
