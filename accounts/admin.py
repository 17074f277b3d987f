"""Django admin for accounts. Every save is audited; opening someone's record is logged."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from accounts.actions import do_reset_two_factor, do_set_role
from accounts.events import AccountsEvent
from accounts.models import Membership, OfficerProfile, Organization, User
from accounts.permissions import role_reaches_admin_site
from audit.lib import record_access, record_change


def _log_access(
    request: HttpRequest, model: type[Any], object_id: str | None, purpose: str
) -> None:
    if not object_id:
        return
    obj = model.objects.filter(pk=object_id).first()
    if obj is None:
        return
    owner_id = getattr(obj, "user_id", obj.pk if model is User else None)
    if owner_id != request.user.pk:
        record_access(request.user, obj, purpose)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "role", "is_active", "email_verified_at", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "display_name"]
    ordering = ["email"]
    readonly_fields = [
        "pending_email", "is_staff", "is_superuser", "last_login", "date_joined",
    ]  # fmt: skip
    fields = [
        "email", "display_name", "role", "preferred_language", "email_verified_at",
        "pending_email", "is_active", "is_staff", "is_superuser", "last_login", "date_joined",
    ]  # fmt: skip
    add_fields = ["email", "display_name", "role", "preferred_language"]
    actions = ["reset_two_factor"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fields if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        _log_access(request, User, object_id, "admin_user_detail")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            if not change:
                # A random password the person never learns: they choose their own through
                # "Forgot your password?", which also proves they hold the address.
                obj.email = obj.email.strip().lower()
                obj.set_password(secrets.token_urlsafe(32))
                obj.is_staff = role_reaches_admin_site(obj.role)
                super().save_model(request, obj, form, change)
                record_change(
                    request.user, AccountsEvent.ACCOUNT_CREATED, obj, role=obj.role, via="admin",
                )
                return
            new_role = obj.role
            if "role" in form.changed_data:
                obj.role = form.initial["role"]
            super().save_model(request, obj, form, change)
            other = [name for name in form.changed_data if name != "role"]
            if other:
                record_change(
                    request.user, AccountsEvent.ACCOUNT_UPDATED, obj, fields=other, via="admin",
                )
            if new_role != obj.role:
                do_set_role(obj, new_role, actor=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Accounts are anonymised (accounts.actions.do_delete_account), never deleted.
        return False

    @admin.action(description=_("Reset two-factor login (they enrol a new app at next login)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            do_reset_two_factor(user, actor=request.user)
        messages.success(request, _("Two-factor login reset."))


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["parent"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = (
                AccountsEvent.ORGANIZATION_UPDATED if change else AccountsEvent.ORGANIZATION_CREATED
            )
            record_change(request.user, action, obj, fields=form.changed_data, via="admin")

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            for membership in formset.new_objects:
                record_change(request.user, AccountsEvent.MEMBERSHIP_ADDED, membership, via="admin")
            for membership in formset.deleted_objects:
                record_change(
                    request.user, AccountsEvent.MEMBERSHIP_REMOVED, membership, via="admin",
                )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "title", "is_manager"]
    search_fields = ["user__email", "organization__name"]
    raw_id_fields = ["user", "organization"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = AccountsEvent.MEMBERSHIP_UPDATED if change else AccountsEvent.MEMBERSHIP_ADDED
            record_change(request.user, action, obj, via="admin")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            record_change(request.user, AccountsEvent.MEMBERSHIP_REMOVED, obj, via="admin")
            super().delete_model(request, obj)


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "assignment_area", "is_public", "updated_at"]
    list_filter = ["is_public"]
    search_fields = ["user__email", "user__display_name", "assignment"]
    raw_id_fields = ["user", "assignment_area"]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        _log_access(request, OfficerProfile, object_id, "admin_officer_profile")
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            action = AccountsEvent.OFFICER_PROFILE_CREATED
            if change:
                action = AccountsEvent.OFFICER_PROFILE_UPDATED
            record_change(request.user, action, obj, fields=form.changed_data, via="admin")
