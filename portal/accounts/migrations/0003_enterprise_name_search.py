"""Trigram index for searching enterprises by name (PostgreSQL; see portal.search_indexes)."""
from django.db import migrations

from portal.search_indexes import TrigramIndex


class Migration(migrations.Migration):

    dependencies = [("accounts", "0002_cities")]

    operations = [TrigramIndex(table="accounts_enterprise", column="name", name="enterprise_name_trgm")]
