"""Seed the event types the issue names (a coordinator may add more in the admin)."""

from django.db import migrations

TYPES = [
    # code, English, Spanish, is a meeting
    ("cookout", "Cookout / BBQ", "Carne asada / parrillada", False),
    ("open-house", "Station open house", "Puertas abiertas en la estación", False),
    ("coffee-with-a-cop", "Coffee with a cop", "Café con un policía", False),
    ("bike-patrol", "Bike patrol ride-along or meet-up",
     "Paseo o encuentro con la patrulla en bicicleta", False),
    ("community-meeting", "Beat / community meeting", "Reunión del sector o comunitaria", True),
    ("faith-community-visit", "Faith-community visit", "Visita a una comunidad de fe", False),
    ("youth-sports-day", "Youth sports day", "Día deportivo juvenil", False),
    ("national-night-out", "National Night Out", "Noche Nacional Contra el Crimen", False),
    ("neighborhood-walk", "Neighborhood walk", "Caminata por el vecindario", False),
]


def seed(apps, schema_editor):
    EventType = apps.get_model("events", "EventType")
    for order, (code, name, name_es, is_meeting) in enumerate(TYPES, start=1):
        EventType.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_es": name_es, "is_meeting": is_meeting,
                      "order": order * 10},
        )


def unseed(apps, schema_editor):
    apps.get_model("events", "EventType").objects.filter(
        code__in=[code for code, *_ in TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
