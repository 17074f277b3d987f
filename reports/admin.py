"""Django admin for reports: categories (with questions and routes), reports, API keys.

Writes that matter go through the actions (audited); reports are read-only here because
their changes belong on the work queue, where the timeline records them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.lib import record_change
from reports.actions import do_issue_api_key, do_revoke_api_key
from reports.events import ReportsEvent
from reports.models import ApiKey, Attribute, Category, Report, Route, Walk


class AttributeInline(admin.TabularInline):
    model = Attribute
    extra = 0


class RouteInline(admin.TabularInline):
    model = Route
    extra = 0
    raw_id_fields = ["area"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "default_organization", "location_privacy",
                    "allows_anonymous", "target_days", "is_active"]
    list_filter = ["is_active", "location_privacy", "group"]
    search_fields = ["name", "code"]
    inlines = [AttributeInline, RouteInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_change(
            request.user, ReportsEvent.CATEGORY_ADMIN_SAVE, obj, fields=list(form.changed_data),
        )
        if "location_privacy" in form.changed_data:
            from reports.actions import refresh_public_points

            refresh_public_points(obj)


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["id", "category", "status", "organization", "requested_at",
                    "external_source", "external_id", "location_flag"]
    list_filter = ["status", "is_open", "source", "location_flag", "category"]
    search_fields = ["=id", "=external_id", "address"]
    list_select_related = ["category", "organization"]
    show_full_result_count = False
    date_hierarchy = "requested_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Walk)
class WalkAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "led_by", "started_at", "finished_at"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Adding a key shows the secret once; only its hash is kept."""

    list_display = ["name", "prefix", "organization", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "organization"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        api_key, raw = do_issue_api_key(obj.name, obj.organization, actor=request.user)
        obj.pk = api_key.pk
        messages.warning(
            request, _("Copy this key now; it will not be shown again: %(key)s") % {"key": raw}
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for api_key in queryset:
            do_revoke_api_key(api_key, actor=request.user)
