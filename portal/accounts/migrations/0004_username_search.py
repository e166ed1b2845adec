"""Trigram index for the audit log's search by actor (PostgreSQL; see portal.search_indexes)."""
from django.db import migrations

from portal.search_indexes import TrigramIndex


class Migration(migrations.Migration):

    dependencies = [("accounts", "0003_enterprise_name_search")]

    operations = [TrigramIndex(table="accounts_user", column="username", name="user_username_trgm")]
