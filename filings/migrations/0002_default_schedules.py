"""The schedules the portal ships with (DOMAIN.md); the provincial bureau changes them in the portal."""

import datetime

from django.db import migrations

DEFAULTS = [
    ("city_report", "quarterly", 15),
    ("annual_report", "yearly", 31),
    ("cohort_filing", "per_cohort", 30),
]


def create(apps, schema_editor):
    FilingSchedule = apps.get_model("filings", "FilingSchedule")
    for kind, frequency, due_days in DEFAULTS:
        FilingSchedule.objects.get_or_create(
            kind=kind,
            defaults={
                "frequency": frequency,
                "due_days": due_days,
                "reminder_days": [-7, -1, 1, 7],
                "tell_province_from_day": 7,
                "starts_on": datetime.date(2025, 1, 1),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("filings", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
