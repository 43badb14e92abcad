"""The pool rows already there get their pinyin keys (0002 added the columns). A migration of its own: on
PostgreSQL an UPDATE of the table leaves trigger events that forbid a CREATE INDEX in the same transaction."""

from django.db import migrations


def fill_pinyin(apps, schema_editor):
    """The rows already in the pool get their keys, computed once per distinct name (the nightly rebuild would too).
    On PostgreSQL one UPDATE joins a temporary table of the keys (an UPDATE per name took minutes at 200,000 rows)."""
    from pool.pinyin import name_keys

    PoolEntry = apps.get_model("pool", "PoolEntry")
    names = list(PoolEntry.objects.order_by().values_list("name", flat=True).distinct())
    if schema_editor.connection.vendor != "postgresql":
        for name in names:
            keys = name_keys(name)
            PoolEntry.objects.filter(name=name).update(name_pinyin=keys.spelled, name_initials=keys.initials)
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE pool_name_keys (name text PRIMARY KEY, spelled text, initials text)")
        cursor.executemany(
            "INSERT INTO pool_name_keys VALUES (%s, %s, %s)",
            [(name, keys.spelled, keys.initials) for name in names for keys in [name_keys(name)]],
        )
        cursor.execute(
            "UPDATE registry_poolentry p SET name_pinyin = k.spelled, name_initials = k.initials "
            "FROM pool_name_keys k WHERE k.name = p.name::text"
        )
        cursor.execute("DROP TABLE pool_name_keys")


class Migration(migrations.Migration):
    dependencies = [("pool", "0002_name_in_pinyin")]

    operations = [migrations.RunPython(fill_pinyin, migrations.RunPython.noop)]
