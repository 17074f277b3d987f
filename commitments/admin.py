"""Django admin: read-only views of the board's data. Changes belong on the staff pages,
whose actions write the public history and the audit log."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from commitments.models import Commitment, Milestone, Status


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["title_en", "side", "owner", "status", "progress", "due_date"]
    list_filter = ["side", "theme", "status"]
    search_fields = ["title_en", "external_id"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "date"]
    raw_id_fields = ["commitment"]


@admin.register(Status)
class StatusAdmin(ReadOnlyAdmin):
    list_display = ["code", "name_en", "default_progress", "is_closed", "is_done", "order"]
