"""The first statuses, each with the progress it implies. Coordinators change or add
statuses on the statuses page; this only creates the ones that are missing."""

from django.db import migrations

STATUSES = [
    # code, English, Spanish, default progress, closes, done, order
    ("planned", "Planned", "Planificado", 0, False, False, 10),
    ("started", "Started", "Iniciado", 10, False, False, 20),
    ("in_progress", "In progress", "En curso", 50, False, False, 30),
    ("completed", "Completed", "Cumplido", 100, True, True, 40),
    ("withdrawn", "Withdrawn", "Retirado", 0, True, False, 50),
]


def seed(apps, schema_editor):
    Status = apps.get_model("commitments", "Status")
    for code, name_en, name_es, progress, closed, done, order in STATUSES:
        Status.objects.get_or_create(code=code, defaults={
            "name_en": name_en, "name_es": name_es, "default_progress": progress,
            "is_closed": closed, "is_done": done, "order": order,
        })


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
