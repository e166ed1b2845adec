"""Certificates moved to ``tiers.titles`` (state only: the tables stay); titles are ``titles.Title``."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('review', '0003_province'),
        ('titles', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                        migrations.RemoveField(
                            model_name='certificate',
                            name='superseded_by',
                        ),
                        migrations.RemoveField(
                            model_name='certificate',
                            name='tier',
                        ),
                        migrations.RemoveField(
                            model_name='certificate',
                            name='title',
                        ),
                        migrations.RemoveField(
                            model_name='certificatecounter',
                            name='tier',
                        ),
                        migrations.AlterField(
                            model_name='filing',
                            name='title',
                            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='filing', to='titles.title', verbose_name='title'),
                        ),
                        migrations.AlterField(
                            model_name='miitoutcome',
                            name='title',
                            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='titles.title', verbose_name='title'),
                        ),
                        migrations.AlterField(
                            model_name='noticeentry',
                            name='title',
                            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='titles.title', verbose_name='title'),
                        ),
                        migrations.DeleteModel(
                            name='Certificate',
                        ),
                        migrations.DeleteModel(
                            name='CertificateCounter',
                        ),
            ],
        ),
    ]
