import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_city(apps, schema_editor):
    """Every existing application's city: its enterprise's (one UPDATE with a correlated subquery)."""
    Application = apps.get_model("applications", "Application")
    Enterprise = apps.get_model("accounts", "Enterprise")
    Application.objects.update(city=Subquery(Enterprise.objects.filter(pk=OuterRef("enterprise_id")).values("city")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_enterprise_city_district"),
        ("applications", "0004_application_submitted_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="city",
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="applications", to="accounts.city", verbose_name="city"),
        ),
        migrations.RunPython(fill_city, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="application",
            name="city",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="applications", to="accounts.city", verbose_name="city"),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(fields=["city", "status", "submitted_at"], name="application_city_status_idx"),
        ),
    ]
