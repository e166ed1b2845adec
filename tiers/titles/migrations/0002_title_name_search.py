"""Trigram index for the register's search of the name on the title (PostgreSQL; see portal.search_indexes)."""
from django.db import migrations

from portal.search_indexes import TrigramIndex


class Migration(migrations.Migration):

    dependencies = [("titles", "0001_initial")]

    operations = [TrigramIndex(table="tiers_title", column="enterprise_name", name="title_enterprise_name_trgm")]
