"""Admin: read-mostly views of directory records for administrators (edits go through the
directory's own pages, which run the audited actions). Referrals are not in the admin:
their personal details are shown only by pages that log every view."""

from django.contrib import admin

from directory.models import Organization, Service


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "last_modified")
    search_fields = ("name",)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "organization", "status", "assured_date")
    list_filter = ("status",)
    search_fields = ("name",)
    readonly_fields = ("search_text", "search_title", "language_codes", "is_free")
