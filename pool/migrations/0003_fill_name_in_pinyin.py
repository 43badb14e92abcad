"""The pool rows already there get their pinyin keys (0002 added the columns). A migration of its own: on
PostgreSQL an UPDATE of the table leaves trigger events that forbid a CREATE INDEX in the same transaction."""

from django.db import migrations


def fill_pinyin(apps, schema_editor):
    """The rows already in the pool get their keys, one UPDATE per distinct name (the nightly rebuild would too)."""
    from pool.pinyin import name_keys

    PoolEntry = apps.get_model("pool", "PoolEntry")
    for name in PoolEntry.objects.values_list("name", flat=True).distinct().iterator():
        keys = name_keys(name)
        PoolEntry.objects.filter(name=name).update(
            name_sort=keys.sort, name_pinyin=keys.spelled, name_initials=keys.initials
        )


class Migration(migrations.Migration):
    dependencies = [("pool", "0002_name_in_pinyin")]

    operations = [migrations.RunPython(fill_pinyin, migrations.RunPython.noop)]
