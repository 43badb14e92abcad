"""Load the ten reporting units that file to the province: nine cities (GB/T 2260) and Pingtan."""

from django.db import migrations

from registry.reporting_units import REPORTING_UNITS, ensure_reporting_units


def add_units(apps, schema_editor):
    ensure_reporting_units(apps.get_model("registry", "City"))


def remove_units(apps, schema_editor):
    City = apps.get_model("registry", "City")
    City.objects.filter(code__in=[code for code, _, _ in REPORTING_UNITS]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(add_units, remove_units)]
