"""The working-day calendar moves to portal (create here, rows copied and the old table dropped by
review 0008), with the years loaded (CalendarYear)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0006_api_tokens'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CalendarDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('date', models.DateField(unique=True, verbose_name='date')),
                ('kind', models.CharField(choices=[('holiday', 'Public holiday (no work)'), ('working_day', 'Adjusted working day (weekend worked)')], max_length=20, verbose_name='kind')),
                ('name', models.CharField(blank=True, help_text='The holiday, or the holiday it makes up for.', max_length=60, verbose_name='name')),
            ],
            options={
                'verbose_name': 'holiday or adjusted working day',
                'verbose_name_plural': 'holidays and adjusted working days',
                'ordering': ['date'],
            },
        ),
        migrations.CreateModel(
            name='CalendarYear',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(unique=True, verbose_name='year')),
                ('source', models.CharField(choices=[('package', 'The chinesecalendar package'), ('admin', "The State Council's notice, entered by an administrator")], max_length=20, verbose_name='source')),
                ('notice', models.CharField(blank=True, help_text='The title or document number of the notice the holidays come from.', max_length=200, verbose_name='State Council notice')),
                ('loaded_at', models.DateTimeField(auto_now_add=True, verbose_name='loaded at')),
                ('loaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='loaded by')),
            ],
            options={
                'verbose_name': 'calendar year loaded',
                'verbose_name_plural': 'calendar years loaded',
                'ordering': ['-year'],
            },
        ),
    ]
