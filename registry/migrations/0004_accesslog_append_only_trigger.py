"""On PostgreSQL, the database itself refuses UPDATE and DELETE of access-log rows, whoever connects."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION registry_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'registry_accesslog is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER registry_accesslog_append_only
    BEFORE UPDATE OR DELETE ON registry_accesslog
    FOR EACH ROW EXECUTE FUNCTION registry_accesslog_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS registry_accesslog_append_only ON registry_accesslog;
DROP FUNCTION IF EXISTS registry_accesslog_append_only();
"""


def forwards(apps, schema_editor):
    # SQLite (the embedded development database) relies on the model's own guards: its test
    # teardown empties tables with DELETE, which a trigger there would block. PostgreSQL's uses
    # TRUNCATE, which row triggers do not see.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_enterprise_profile_persons_findings")]

    operations = [migrations.RunPython(forwards, backwards)]
