"""Alerts: email subscriptions to report changes, and the emails themselves.

Four kinds of subscription (reports.Alert): one report, a neighborhood, a category, or
within a radius of a point. A subscription is live only after its confirmation link is
opened; every email carries a one-click unsubscribe link (and the List-Unsubscribe
headers mail clients show as a button).

`report_changed(update)` runs after each timeline entry commits (reports.actions calls it)
and queues `send_update_emails` as a django-tasks task, so production sends mail from a
worker while development and tests send inline. Queuing never fails a committed write
(trustbeat/lib/tasks.py), and each email is sent at most once per update and recipient
(trustbeat/lib/mail.send_once), so a task that runs twice after a worker died sends
nobody a second copy. Emails carry only public information:
the public note, the status, the category and the neighborhood — never the reporter's
identity, never a private note, and for blurred categories no street address.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.actors import ActorLike
from audit.lib import record_change
from places.models import Area
from reports.events import ReportsEvent
from reports.models import Alert, Category, Report, ReportUpdate
from trustbeat.lib.geo import EARTH_RADIUS_M, haversine_m
from trustbeat.lib.mail import idempotency_key, send_once
from trustbeat.lib.tasks import enqueue_on_commit, enqueue_safely

MAX_RADIUS_M = 5000
# Timeline entries worth an email: "me too" clicks and internal entries are not.
QUIET_KINDS = frozenset({ReportUpdate.Kind.SUPPORTED})


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# ---------------------------------------------------------------------------- writes


@transaction.atomic(durable=True)
def do_subscribe_alert(
    *,
    kind: str,
    email: str,
    report: Report | None = None,
    area: Area | None = None,
    category: Category | None = None,
    lat: float | None = None,
    lon: float | None = None,
    radius_m: int | None = None,
    actor: ActorLike = None,
) -> Alert:
    """Create an unconfirmed subscription and mail its confirmation link."""
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Enter your email address.")})
    target: dict[str, object] = {
        Alert.Kind.REPORT: report,
        Alert.Kind.AREA: area,
        Alert.Kind.CATEGORY: category,
        Alert.Kind.RADIUS: lat if lon is not None else None,
    }
    if kind not in Alert.Kind.values:
        raise ValidationError({"kind": _("Choose what to follow.")})
    if target[kind] is None:
        raise ValidationError({"kind": _("Choose what to follow.")})
    if kind == Alert.Kind.RADIUS and not (radius_m and 0 < radius_m <= MAX_RADIUS_M):
        raise ValidationError(
            {"radius_m": _("Choose a distance up to %(max)d metres.") % {"max": MAX_RADIUS_M}}
        )
    alert = Alert.objects.create(
        kind=kind,
        email=email,
        report=report if kind == Alert.Kind.REPORT else None,
        area=area if kind == Alert.Kind.AREA else None,
        category=category if kind == Alert.Kind.CATEGORY else None,
        lat=lat if kind == Alert.Kind.RADIUS else None,
        lon=lon if kind == Alert.Kind.RADIUS else None,
        radius_m=radius_m if kind == Alert.Kind.RADIUS else None,
        token=secrets.token_urlsafe(32),
    )
    # The audit log names the subscription, not the address.
    record_change(actor, ReportsEvent.ALERT_SUBSCRIBE, alert, kind=kind)
    enqueue_on_commit(send_confirmation_email, alert.pk)
    return alert


def find_alert(token: str) -> Alert | None:
    if not token:
        return None
    return Alert.objects.filter(token=token).first()


@transaction.atomic(durable=True)
def do_confirm_alert(alert: Alert) -> Alert:
    if alert.confirmed_at is None:
        alert.confirmed_at = timezone.now()
        alert.save(update_fields=["confirmed_at"])
        record_change(None, ReportsEvent.ALERT_CONFIRM, alert, kind=alert.kind)
    return alert


@transaction.atomic(durable=True)
def do_unsubscribe_alert(alert: Alert) -> None:
    record_change(None, ReportsEvent.ALERT_UNSUBSCRIBE, alert, kind=alert.kind)
    alert.delete()


def describe_alert(alert: Alert) -> str:
    if alert.kind == Alert.Kind.REPORT and alert.report_id:
        return _("report #%(id)s") % {"id": alert.report_id}
    if alert.kind == Alert.Kind.AREA and alert.area is not None:
        return _("new and changed reports in %(area)s") % {"area": alert.area.name}
    if alert.kind == Alert.Kind.CATEGORY and alert.category is not None:
        return _("new and changed reports about “%(category)s”") % {
            "category": alert.category.name
        }
    if alert.kind == Alert.Kind.RADIUS:
        return _("new and changed reports within %(m)d m of %(lat).4f, %(lon).4f") % {
            "m": alert.radius_m or 0, "lat": alert.lat or 0, "lon": alert.lon or 0,
        }
    return _("reports")


# ---------------------------------------------------------------------------- matching


def matching_alerts(report: Report) -> list[Alert]:
    """Confirmed subscriptions that cover `report`."""
    area_ids = []
    area = report.area
    while area is not None and area.pk not in area_ids:
        area_ids.append(area.pk)
        area = area.parent
    report_ids = [report.pk] + ([report.duplicate_of_id] if report.duplicate_of_id else [])
    query = Q(kind=Alert.Kind.REPORT, report_id__in=report_ids)
    query |= Q(kind=Alert.Kind.CATEGORY, category_id=report.category_id)
    if area_ids:
        query |= Q(kind=Alert.Kind.AREA, area_id__in=area_ids)
    found = list(
        Alert.objects.filter(query, confirmed_at__isnull=False).select_related(
            "area", "category"
        )
    )
    if report.lat is not None and report.lon is not None:
        # A box around the point first (indexable), then the exact distance.
        reach = MAX_RADIUS_M / EARTH_RADIUS_M * 57.2958
        from math import cos, radians

        lon_reach = reach / max(cos(radians(report.lat)), 0.01)
        for alert in Alert.objects.filter(
            kind=Alert.Kind.RADIUS,
            confirmed_at__isnull=False,
            lat__range=(report.lat - reach, report.lat + reach),
            lon__range=(report.lon - lon_reach, report.lon + lon_reach),
        ):
            if alert.lat is None or alert.lon is None:
                continue
            distance = haversine_m((alert.lat, alert.lon), (report.lat, report.lon))
            if distance <= (alert.radius_m or 0):
                found.append(alert)
    # One email per address per change, even when several subscriptions match.
    by_email: dict[str, Alert] = {}
    for alert in found:
        by_email.setdefault(alert.email, alert)
    return list(by_email.values())


# ---------------------------------------------------------------------------- sending


def report_changed(update: ReportUpdate) -> None:
    """Called by reports.actions after a timeline entry commits."""
    if not update.is_public or update.kind in QUIET_KINDS:
        return
    enqueue_safely(send_update_emails, update.pk)


def _public_context(update: ReportUpdate) -> dict[str, Any]:
    report = update.report
    blurred = report.category.location_privacy == Category.LocationPrivacy.BLURRED
    return {
        "report": report,
        "update": update,
        "category": report.category.name,
        "status": report.get_status_display(),
        "area": report.area.name if report.area else "",
        "address": "" if blurred else report.address,
        "note": update.public_note,
        "kind": update.get_kind_display(),
        "report_url": absolute(reverse("reports:detail", args=[report.pk])),
        "site_name": settings.SITE_NAME,
    }


def _send(key: str, to: str, subject_template: str, body_template: str,
          context: dict[str, Any], unsubscribe_url: str = "") -> bool:
    """Send one email unless the one with this key went out already. True if sent."""
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    headers = {}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return send_once(
        idempotency_key(key, to), EmailMessage(subject, body, None, [to], headers=headers)
    )


@task()
def send_update_emails(update_id: int) -> int:
    """Mail the reporter (if they gave an address) and matching subscribers. Returns count."""
    update = (
        ReportUpdate.objects.select_related("report__category", "report__area__parent")
        .filter(pk=update_id, is_public=True)
        .first()
    )
    if update is None:
        return 0
    report = update.report
    context = _public_context(update)
    sent = 0
    if report.reporter_email and update.kind != ReportUpdate.Kind.CONFIRMED:
        reporter_url = absolute(
            reverse("reports:reporter", args=[report.pk, report.reporter_token])
        )
        template = "created" if update.kind == ReportUpdate.Kind.CREATED else "update"
        sent += _send(
            f"update:{update.pk}",
            report.reporter_email,
            f"reports/email/reporter_{template}_subject.txt",
            f"reports/email/reporter_{template}_body.txt",
            {**context, "reporter_url": reporter_url},
        )
    now = timezone.now()
    for alert in matching_alerts(report):
        if alert.email == report.reporter_email:
            continue
        unsubscribe_url = absolute(reverse("reports:alert_unsubscribe", args=[alert.token]))
        if not _send(
            f"update:{update.pk}",
            alert.email,
            "reports/email/alert_subject.txt",
            "reports/email/alert_body.txt",
            {**context, "alert": describe_alert(alert), "unsubscribe_url": unsubscribe_url},
            unsubscribe_url,
        ):
            continue
        Alert.objects.filter(pk=alert.pk).update(last_sent_at=now)
        sent += 1
    return sent


@task()
def send_confirmation_email(alert_id: int) -> None:
    alert = Alert.objects.select_related("area", "category").filter(pk=alert_id).first()
    if alert is None:
        return
    context = {
        "alert": describe_alert(alert),
        "confirm_url": absolute(reverse("reports:alert_confirm", args=[alert.token])),
        "unsubscribe_url": absolute(reverse("reports:alert_unsubscribe", args=[alert.token])),
        "site_name": settings.SITE_NAME,
    }
    _send(
        f"alert-confirm:{alert.pk}",
        alert.email,
        "reports/email/alert_confirm_subject.txt",
        "reports/email/alert_confirm_body.txt",
        context,
    )
