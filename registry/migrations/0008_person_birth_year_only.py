"""Keep only a person's birth year: a full birth date beside the masked ID would leave two hidden digits."""

from django.db import migrations, models


def copy_year(apps, schema_editor):
    for name in ("Person", "HistoricalPerson"):
        model = apps.get_model("registry", name)
        for pk, born in model.objects.values_list("pk", "birth_date").iterator():
            model.objects.filter(pk=pk).update(birth_year=born.year)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_notices")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="birth_year",
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name="出生年份"),
        ),
        migrations.AddField(
            model_name="historicalperson",
            name="birth_year",
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name="出生年份"),
        ),
        migrations.RunPython(copy_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="person",
            name="birth_year",
            field=models.PositiveSmallIntegerField(editable=False, verbose_name="出生年份"),
        ),
        migrations.AlterField(
            model_name="historicalperson",
            name="birth_year",
            field=models.PositiveSmallIntegerField(editable=False, verbose_name="出生年份"),
        ),
        migrations.RemoveField(model_name="person", name="birth_date"),
        migrations.RemoveField(model_name="historicalperson", name="birth_date"),
    ]
