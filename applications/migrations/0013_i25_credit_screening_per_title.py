"""The dishonest-list screening marks each title, not each enterprise (issue #25): a title granted after its
enterprise was screened is screened too. Each earlier mark becomes one mark per title its cases covered."""

import django.db.models.deletion
from django.db import migrations, models


def marks_per_title(apps, schema_editor):
    DishonestScreening = apps.get_model("applications", "DishonestScreening")
    RevocationCase = apps.get_model("titles", "RevocationCase")
    for mark in DishonestScreening.objects.filter(title__isnull=True, case_group__isnull=False).order_by("pk"):
        title_ids = sorted(set(RevocationCase.titles.through.objects.filter(revocationcase__group=mark.case_group)
                               .values_list("title_id", flat=True)))
        if not title_ids:
            continue
        mark.title_id = title_ids[0]
        mark.save(update_fields=["title"])
        for title_id in title_ids[1:]:
            DishonestScreening.objects.create(enterprise_id=mark.enterprise_id, title_id=title_id,
                                              listed_on=mark.listed_on, entry_id=mark.entry_id, ground=mark.ground,
                                              case_group=mark.case_group, screened_at=mark.screened_at)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0009_enterprise_industry_to_confirm'),
        ('applications', '0012_generated_documents'),
        ('registers', '0001_reference_lists'),
        ('titles', '0007_reminders_in_the_notification_centre'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='dishonestscreening',
            name='one_screening_per_listing',
        ),
        migrations.AddField(
            model_name='dishonestscreening',
            name='title',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='titles.title', verbose_name='title'),
        ),
        migrations.RunPython(marks_per_title, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='dishonestscreening',
            constraint=models.UniqueConstraint(fields=('title', 'listed_on'), name='one_screening_per_title_listing'),
        ),
    ]
