"""The segments, the ladder with the texts of Art. 6-9, and the 2025 scenario guide (see tiers/reference_data.py)."""
from django.db import migrations


def load(apps, schema_editor):
    from tiers import reference_data

    reference_data.load(apps)


class Migration(migrations.Migration):
    dependencies = [("tiers", "0002_quotas")]
    # Reverse is a no-op: titles and rounds protect the reference rows, and 0002's reverse drops nothing of them.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
