"""One justification per missing segment (Art. 8) instead of one text for all of them.

The old single text explained every segment the application left uncovered, so it is copied to each
segment uncovered now; then the old column goes. Versions already submitted keep their snapshot
(with the old key), which the version diff still shows.
"""
from django.db import migrations, models


def copy_to_each_missing_segment(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    ApplicationSegment = apps.get_model("applications", "ApplicationSegment")
    for app in Application.objects.exclude(missing_segment_justification="").iterator():
        text = app.missing_segment_justification.strip()
        if not text:
            continue
        uncovered = [
            code for code, narrative in ApplicationSegment.objects.filter(application=app)
            .values_list("segment__code", "narrative") if not narrative.strip()
        ]
        app.missing_segment_justifications = dict.fromkeys(uncovered, text)
        app.save(update_fields=["missing_segment_justifications"])


def copy_back(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    for app in Application.objects.iterator():
        if not app.missing_segment_justifications:
            continue
        texts = list(dict.fromkeys((app.missing_segment_justifications or {}).values()))
        app.missing_segment_justification = "\n\n".join(texts)
        app.save(update_fields=["missing_segment_justification"])


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0002_notification"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="missing_segment_justifications",
            field=models.JSONField(blank=True, default=dict, verbose_name="why each missing segment is not covered"),
        ),
        migrations.RunPython(copy_to_each_missing_segment, copy_back),
        migrations.RemoveField(model_name="application", name="missing_segment_justification"),
    ]
