"""Certificate numbers carry the title's year, and basic titles recognised by a city are numbered in that city's
own series (issue #25): a city on the counter and on the certificate. Numbers already issued are not touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_enterprise_industry_to_confirm'),
        ('tiers', '0009_counted_quota_factors'),
        ('titles', '0007_reminders_in_the_notification_centre'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='certificate',
            name='certificate_sequence_unique',
        ),
        migrations.RemoveConstraint(
            model_name='certificatecounter',
            name='one_certificate_counter_per_tier_year',
        ),
        migrations.AddField(
            model_name='certificate',
            name='series_city',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.city', verbose_name='series of the city'),
        ),
        migrations.AddField(
            model_name='certificatecounter',
            name='city',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.city'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='year',
            field=models.PositiveSmallIntegerField(verbose_name='year in the number'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.UniqueConstraint(condition=models.Q(('series_city__isnull', True)), fields=('tier', 'year', 'sequence'), name='certificate_sequence_unique'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.UniqueConstraint(condition=models.Q(('series_city__isnull', False)), fields=('tier', 'series_city', 'year', 'sequence'), name='certificate_city_sequence_unique'),
        ),
        migrations.AddConstraint(
            model_name='certificatecounter',
            constraint=models.UniqueConstraint(condition=models.Q(('city__isnull', True)), fields=('tier', 'year'), name='one_certificate_counter_per_tier_year'),
        ),
        migrations.AddConstraint(
            model_name='certificatecounter',
            constraint=models.UniqueConstraint(condition=models.Q(('city__isnull', False)), fields=('tier', 'year', 'city'), name='one_certificate_counter_per_city_series'),
        ),
    ]
