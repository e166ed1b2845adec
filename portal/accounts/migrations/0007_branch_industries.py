"""The industries open to branches (Art. 5 (1) "石油石化、有色金属、烟草、汽车等"), seeded with the
divisions of GB/T 4754-2017 the four named industries cover (portal.accounts.constants
REGULATION_BRANCH_DIVISIONS, copied here so this migration keeps its meaning; docs/industry.md).
The province adds others on the portal, each with its reason."""
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import portal.accounts.industries

SEEDED = {
    "petrochemical": ("07", "25", "26"),
    "nonferrous": ("09", "32"),
    "tobacco": ("16",),
    "automotive": ("36",),
}


def seed(apps, schema_editor):
    BranchIndustry = apps.get_model("accounts", "BranchIndustry")
    for group, divisions in SEEDED.items():
        for division in divisions:
            BranchIndustry.objects.get_or_create(industry=division, defaults={"group": group})


def unseed(apps, schema_editor):
    apps.get_model("accounts", "BranchIndustry").objects.filter(added_by__isnull=True).exclude(group="").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_gbt4754_industry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BranchIndustry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('industry', models.CharField(choices=portal.accounts.industries.division_choices, max_length=2, unique=True, verbose_name='industry (GB/T 4754-2017 division)')),
                ('group', models.CharField(blank=True, choices=[('petrochemical', 'Petroleum and petrochemicals'), ('nonferrous', 'Nonferrous metals'), ('tobacco', 'Tobacco'), ('automotive', 'Automotive')], max_length=20, verbose_name='industry named in Art. 5 (1)')),
                ('reason', models.TextField(blank=True, verbose_name='reason')),
                ('added_at', models.DateTimeField(auto_now_add=True, verbose_name='added at')),
                ('added_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='added by')),
            ],
            options={
                'verbose_name': 'industry open to branches',
                'verbose_name_plural': 'industries open to branches',
                'ordering': ['industry'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('group', ''), _negated=True), models.Q(('reason', ''), _negated=True), _connector='OR'), name='branch_industry_has_basis')],
            },
        ),
        migrations.RunPython(seed, unseed),
    ]
