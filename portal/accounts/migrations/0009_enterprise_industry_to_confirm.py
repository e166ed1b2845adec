"""Enterprises whose industry migration 0006 converted by a guess are asked to confirm it.

Five values of the old closed list spanned several divisions of GB/T 4754-2017; 0006 took one
(docs/industry.md). An enterprise registered before 0006 ran and still in that division gets the old
value in ``industry_to_confirm``: its home page asks it to check its industry until it saves its profile.
The mapping is copied here so this migration keeps its meaning.
"""
from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder

GUESSED_DIVISION_TO_OLD = {"34": "equipment", "14": "food", "17": "textiles", "22": "light_industry", "41": "other"}


def flag(apps, schema_editor):
    converted = (MigrationRecorder(schema_editor.connection).migration_qs
                 .filter(app="accounts", name="0006_gbt4754_industry").values_list("applied", flat=True).first())
    if converted is None:
        return
    Enterprise = apps.get_model("accounts", "Enterprise")
    for division, old in GUESSED_DIVISION_TO_OLD.items():
        Enterprise.objects.filter(industry=division, created_at__lt=converted).update(industry_to_confirm=old)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0008_user_second_factor"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="industry_to_confirm",
            field=models.CharField(blank=True, editable=False, max_length=20,
                                   verbose_name="industry to confirm (old value)"),
        ),
        migrations.AddField(
            model_name="historicalenterprise",
            name="industry_to_confirm",
            field=models.CharField(blank=True, editable=False, max_length=20,
                                   verbose_name="industry to confirm (old value)"),
        ),
        migrations.RunPython(flag, migrations.RunPython.noop),
    ]
