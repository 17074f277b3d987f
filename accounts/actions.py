"""Writes to accounts. Each `do_*` runs in one transaction and leaves an audit entry.

`actor` is the signed-in user making the change, or None for the system (the demo loader,
management commands). Errors are `ValidationError` (with a field → messages dict where a
form can show them) or `PermissionDenied`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.actors import ActorLike, is_same_user
from accounts.events import AccountsEvent
from accounts.models import Membership, OfficerProfile, Organization, Role, User
from accounts.permissions import (
    can_edit_any_officer_profile,
    can_manage_accounts,
    can_set_officer_assignment,
    has_officer_profile,
    role_reaches_admin_site,
)
from accounts.verification import (
    BadVerificationToken,
    queue_verification_email,
    read_verification_token,
)
from audit.lib import record_change

DEVICE_NAME = "Authenticator app"


def _normalize_email(email: str) -> str:
    return str(User.objects.normalize_email(email.strip())).lower()


def email_taken(email: str, *, exclude: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email.strip())
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return bool(users.exists())


def _duplicate_email_error() -> ValidationError:
    return ValidationError(
        {"email": _("An account with this email address already exists.")}, code="duplicate"
    )


def _require_admin(actor: ActorLike) -> None:
    if actor is not None and not can_manage_accounts(actor):
        raise PermissionDenied


def _mail_after_commit(user: User, email: str) -> None:
    queue_verification_email(user, email)


# --- accounts -----------------------------------------------------------------------------


def do_create_user(
    email: str,
    *,
    password: str | None,
    role: str = Role.RESIDENT,
    display_name: str = "",
    preferred_language: str = "en",
    email_verified: bool = False,
    actor: ActorLike,
) -> User:
    """Create any account (admins, the demo, commands). Residents sign up with do_sign_up."""
    _require_admin(actor)
    email = _normalize_email(email)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        if email_taken(email):
            raise _duplicate_email_error()
        try:
            user = User.objects.create_user(
                email,
                password,
                role=role,
                display_name=display_name.strip(),
                preferred_language=preferred_language,
                email_verified_at=timezone.now() if email_verified else None,
                is_staff=role_reaches_admin_site(role),
            )
        except IntegrityError as error:  # a concurrent sign-up with the same address
            raise _duplicate_email_error() from error
        record_change(actor, AccountsEvent.ACCOUNT_CREATED, user, role=role)
    return user


def do_sign_up(
    *, email: str, display_name: str, password: str, preferred_language: str = "en"
) -> User:
    """A resident creates their own account; it cannot log in until the email is confirmed."""
    with transaction.atomic(durable=True):
        email = _normalize_email(email)
        if email_taken(email):
            raise _duplicate_email_error()
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email,
                    password,
                    role=Role.RESIDENT,
                    display_name=display_name.strip(),
                    preferred_language=preferred_language,
                )
        except IntegrityError as error:
            raise _duplicate_email_error() from error
        record_change(user, AccountsEvent.ACCOUNT_SIGNED_UP, user)
        _mail_after_commit(user, user.email)
    return user


def do_verify_email(token: str) -> User:
    """Confirm the address a verification link was sent to: the account's own, or a new
    one the user asked for (which then replaces the old address)."""
    try:
        claim = read_verification_token(token)
    except BadVerificationToken as error:
        raise ValidationError(
            _("This confirmation link is not valid or has expired. Ask for a new one."),
            code="bad_token",
        ) from error
    with transaction.atomic(durable=True):
        user: User | None = (
            User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
        )
        if user is None:
            raise ValidationError(_("This confirmation link is not valid."), code="bad_token")
        if user.email == claim.email:
            if user.email_verified_at is None:
                user.email_verified_at = timezone.now()
                user.save(update_fields=["email_verified_at"])
                record_change(user, AccountsEvent.ACCOUNT_EMAIL_VERIFIED, user)
            return user
        if user.pending_email and user.pending_email == claim.email:
            if email_taken(claim.email, exclude=user):
                raise _duplicate_email_error()
            user.email = claim.email
            user.pending_email = ""
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email", "pending_email", "email_verified_at"])
            record_change(user, AccountsEvent.ACCOUNT_EMAIL_CHANGED, user)
            return user
    # The address in the link is no longer this account's (it changed again since).
    raise ValidationError(_("This confirmation link is no longer valid."), code="stale_token")


def resend_verification(email: str) -> None:
    """Send a fresh link if `email` belongs to an active, unconfirmed account. Says nothing
    about whether it does: the caller shows the same message either way."""
    user = User.objects.filter(
        email__iexact=email.strip(), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is not None:
        queue_verification_email(user, user.email, after_commit=False)


def do_update_account(
    user: User, *, display_name: str, email: str, preferred_language: str, actor: ActorLike
) -> bool:
    """Change name, language and (after confirmation) email. True when a confirmation
    link was sent to a new address."""
    if not is_same_user(actor, user.pk):
        _require_admin(actor)
    email = _normalize_email(email)
    email_pending = False
    with transaction.atomic(durable=True):
        changed = []
        if display_name.strip() != user.display_name:
            user.display_name = display_name.strip()
            changed.append("display_name")
        if preferred_language != user.preferred_language:
            user.preferred_language = preferred_language
            changed.append("preferred_language")
        if email != user.email and email != user.pending_email:
            if email_taken(email, exclude=user):
                raise _duplicate_email_error()
            user.pending_email = email
            changed.append("pending_email")
            email_pending = True
            _mail_after_commit(user, email)
        elif email == user.email and user.pending_email:
            user.pending_email = ""  # the user changed their mind
            changed.append("pending_email")
        if changed:
            user.save(update_fields=changed)
            record_change(actor, AccountsEvent.ACCOUNT_UPDATED, user, fields=changed)
    return email_pending


def do_change_password(user: User, new_password: str, *, actor: ActorLike) -> None:
    if not is_same_user(actor, user.pk):
        _require_admin(actor)
    with transaction.atomic(durable=True):
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record_change(actor, AccountsEvent.ACCOUNT_PASSWORD_CHANGED, user)


def do_delete_account(user: User, *, actor: ActorLike) -> None:
    """Anonymise rather than delete: reports and audit entries keep pointing at a row,
    but nothing on it identifies the person any more."""
    if not is_same_user(actor, user.pk):
        _require_admin(actor)
    with transaction.atomic(durable=True):
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        profile = OfficerProfile.objects.filter(user=user).first()
        if profile is not None:
            if profile.photo and profile.photo.name:
                storage, name = profile.photo.storage, profile.photo.name
                transaction.on_commit(lambda: storage.delete(name))
            profile.delete()
        Membership.objects.filter(user=user).delete()
        user.email = f"deleted-{user.pk}@invalid"
        user.pending_email = ""
        user.display_name = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.email_verified_at = None
        user.set_unusable_password()
        user.save()
        user.user_permissions.clear()
        user.groups.clear()
        record_change(actor, AccountsEvent.ACCOUNT_DELETED, user)


def do_set_role(user: User, role: str, *, actor: ActorLike) -> User:
    """Only admins change roles. The admin role alone reaches Django's admin site."""
    _require_admin(actor)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    with transaction.atomic():
        old = user.role
        user.role = role
        user.is_staff = role_reaches_admin_site(role)
        if not user.is_staff:
            user.is_superuser = False
        user.save(update_fields=["role", "is_staff", "is_superuser"])
        record_change(actor, AccountsEvent.ACCOUNT_ROLE_SET, user, old=old, new=role)
    return user


# --- two-factor ---------------------------------------------------------------------------


def do_start_totp_enrolment(user: User) -> TOTPDevice:
    """The unconfirmed device a staff member is enrolling (made once, then reused)."""
    with transaction.atomic(durable=True):
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
            record_change(user, AccountsEvent.TWO_FACTOR_ENROLMENT_STARTED, user)
    return device


def do_enrol_totp_device(device: TOTPDevice, token: str, *, actor: ActorLike) -> bool:
    """Confirm the device when `token` is a current code from it; False otherwise."""
    if not is_same_user(actor, device.user_id):
        raise PermissionDenied
    with transaction.atomic(durable=True):
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(token):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Any other half-finished enrolments are now pointless secrets; remove them.
        TOTPDevice.objects.filter(user_id=device.user_id, confirmed=False).delete()
        record_change(actor, AccountsEvent.TWO_FACTOR_ENROLLED, device.user)
    return True


def do_add_totp_device_with_key(user: User, *, key: str, actor: ActorLike) -> TOTPDevice:
    """A confirmed device with a known key: for the demo, whose staff get codes from
    `manage.py totp_code` instead of a phone."""
    _require_admin(actor)
    with transaction.atomic():
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True)
        record_change(actor, AccountsEvent.TWO_FACTOR_DEVICE_ADDED, user)
    return device


# --- officer profiles ---------------------------------------------------------------------


_UNCHANGED: Any = object()


def do_update_officer_profile(
    user: User,
    *,
    rank: str,
    assignment: str,
    languages: str,
    bio: str,
    is_public: bool,
    photo: File[Any] | None = None,
    remove_photo: bool = False,
    assignment_area: Any = _UNCHANGED,
    actor: ActorLike,
) -> OfficerProfile:
    """An officer edits their own profile; admins and coordinators may edit any (and alone
    set the assigned area). `photo` must already be checked and prepared (photos.py)."""
    is_self = is_same_user(actor, user.pk)
    if actor is not None and not is_self and not can_edit_any_officer_profile(actor):
        raise PermissionDenied
    if assignment_area is not _UNCHANGED and is_self and not can_set_officer_assignment(actor):
        raise PermissionDenied
    if not has_officer_profile(user):
        raise ValidationError(_("Only officers have an officer profile."), code="not_officer")
    with transaction.atomic():
        profile, created = OfficerProfile.objects.select_for_update().get_or_create(user=user)
        old_photo = profile.photo.name if profile.photo else ""
        profile.rank = rank.strip()
        profile.assignment = assignment.strip()
        profile.languages = ", ".join(p.strip() for p in languages.split(",") if p.strip())
        profile.bio = bio.strip()
        profile.is_public = is_public
        if assignment_area is not _UNCHANGED:
            profile.assignment_area = assignment_area
        if photo is not None:
            profile.photo.save(photo.name or "photo.jpg", photo, save=False)
        elif remove_photo:
            profile.photo = None
        profile.save()
        new_photo = profile.photo.name if profile.photo else ""
        if old_photo and old_photo != new_photo:
            storage = profile.photo.storage
            stale: str = old_photo
            transaction.on_commit(lambda: storage.delete(stale))
        record_change(
            actor,
            AccountsEvent.OFFICER_PROFILE_CREATED if created else "officer_profile.updated",
            profile,
            is_public=is_public,
            photo_changed=old_photo != new_photo,
        )
    return profile


# --- organizations ------------------------------------------------------------------------


def do_create_organization(
    *,
    name: str,
    kind: str,
    parent: Organization | None = None,
    slug: str = "",
    actor: ActorLike,
    **fields: Any,
) -> Organization:
    _require_admin(actor)
    if kind not in Organization.Kind.values:
        raise ValidationError({"kind": _("Unknown type of organization.")})
    slug = slug or slugify(name)[:200]
    with transaction.atomic():
        if Organization.objects.filter(slug=slug).exists():
            raise ValidationError({"name": _("An organization with this name already exists.")})
        organization = Organization.objects.create(
            name=name.strip(), slug=slug, kind=kind, parent=parent, **fields
        )
        record_change(actor, AccountsEvent.ORGANIZATION_CREATED, organization)
    return organization


def do_add_membership(
    user: User,
    organization: Organization,
    *,
    title: str = "",
    is_manager: bool = False,
    actor: ActorLike,
) -> Membership:
    _require_admin(actor)
    with transaction.atomic():
        if Membership.objects.filter(user=user, organization=organization).exists():
            raise ValidationError(_("This person is already a member."), code="duplicate")
        membership = Membership.objects.create(
            user=user, organization=organization, title=title, is_manager=is_manager
        )
        record_change(actor, AccountsEvent.MEMBERSHIP_ADDED, membership, user_id=user.pk)
    return membership


def do_remove_membership(membership: Membership, *, actor: ActorLike) -> None:
    _require_admin(actor)
    with transaction.atomic():
        record_change(
            actor, AccountsEvent.MEMBERSHIP_REMOVED, membership, user_id=membership.user_id,
        )
        membership.delete()


def do_reset_two_factor(user: User, *, actor: ActorLike) -> None:
    """Remove every device (a lost phone); the person enrols a new one at next login."""
    _require_admin(actor)
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        record_change(actor, AccountsEvent.TWO_FACTOR_RESET, user)
