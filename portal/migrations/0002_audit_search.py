"""Trigram indexes for the audit log's search (object, message) on PostgreSQL (see portal.search_indexes)."""
from django.db import migrations

from portal.search_indexes import TrigramIndex


class Migration(migrations.Migration):

    dependencies = [("portal", "0001_initial")]

    operations = [
        TrigramIndex(table="portal_auditentry", column="object_repr", name="audit_object_repr_trgm"),
        TrigramIndex(table="portal_auditentry", column="message", name="audit_message_trgm"),
    ]
