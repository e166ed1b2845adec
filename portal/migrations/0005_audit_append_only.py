"""The audit trail (and with it the security log) is append-only in the database as well: an UPDATE
is refused on every backend, a DELETE on PostgreSQL (where emptying a test database is a TRUNCATE,
which row triggers do not see; SQLite's test databases are emptied row by row)."""
from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION portal_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'portal_auditentry is append-only: no row is changed or removed';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS portal_auditentry_append_only ON portal_auditentry;
CREATE TRIGGER portal_auditentry_append_only BEFORE UPDATE OR DELETE ON portal_auditentry
    FOR EACH ROW EXECUTE FUNCTION portal_audit_append_only();
"""
POSTGRES_UNDO = """
DROP TRIGGER IF EXISTS portal_auditentry_append_only ON portal_auditentry;
DROP FUNCTION IF EXISTS portal_audit_append_only();
"""
SQLITE = """
CREATE TRIGGER IF NOT EXISTS portal_auditentry_append_only BEFORE UPDATE ON portal_auditentry
BEGIN
    SELECT RAISE(ABORT, 'portal_auditentry is append-only (UPDATE refused)');
END;
"""
SQLITE_UNDO = "DROP TRIGGER IF EXISTS portal_auditentry_append_only;"


def forwards(apps, schema_editor):
    sql = {"postgresql": POSTGRES, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    sql = {"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_notification_centre")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
