"""Titles and rename requests moved to ``tiers.titles`` (state only: the tables stay)."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tiers', '0004_rename_requests'),
        ('review', '0004_titles_moved'),
        ('titles', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                        migrations.RemoveField(
                            model_name='renamerequest',
                            name='city_decided_by',
                        ),
                        migrations.RemoveField(
                            model_name='renamerequest',
                            name='enterprise',
                        ),
                        migrations.RemoveField(
                            model_name='renamerequest',
                            name='filing_acknowledged_by',
                        ),
                        migrations.RemoveField(
                            model_name='renamerequest',
                            name='province_decided_by',
                        ),
                        migrations.RemoveField(
                            model_name='renamerequest',
                            name='requested_by',
                        ),
                        migrations.RemoveField(
                            model_name='renamerequest',
                            name='titles',
                        ),
                        migrations.RemoveField(
                            model_name='title',
                            name='enterprise',
                        ),
                        migrations.RemoveField(
                            model_name='title',
                            name='superseded_by',
                        ),
                        migrations.RemoveField(
                            model_name='title',
                            name='tier',
                        ),
                        migrations.DeleteModel(
                            name='HistoricalTitle',
                        ),
                        migrations.DeleteModel(
                            name='RenameRequest',
                        ),
                        migrations.DeleteModel(
                            name='Title',
                        ),
            ],
        ),
    ]
