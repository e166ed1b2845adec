"""Enterprise.industry becomes a division (大类) of GB/T 4754-2017 (portal.accounts.industries).

The portal's old closed list of fourteen industries is mapped to the division closest to each
(docs/industry.md). Where an old value spanned several divisions the mapping takes the largest in
Shandong's manufacturing and the enterprise corrects it in its profile; no enterprise is left
without an industry. The same mapping is applied to the enterprises' history rows, so the history
shows the new labels. Going back maps each division to the old value it came from, else "other".
"""
from django.db import migrations, models

import portal.accounts.industries

# Old value -> GB/T 4754-2017 division.
OLD_TO_DIVISION = {
    "petrochemical": "25",       # 石油、煤炭及其他燃料加工业 (refining; 26 for chemicals had its own value)
    "nonferrous": "32",          # 有色金属冶炼和压延加工业
    "tobacco": "16",             # 烟草制品业
    "automotive": "36",          # 汽车制造业
    "steel": "31",               # 黑色金属冶炼和压延加工业
    "chemicals": "26",           # 化学原料和化学制品制造业
    "building_materials": "30",  # 非金属矿物制品业 (cement, glass, ceramics)
    "equipment": "34",           # 通用设备制造业 (of 33-35, 38; special-purpose machinery is 35)
    "electronics": "39",         # 计算机、通信和其他电子设备制造业
    "pharmaceuticals": "27",     # 医药制造业
    "food": "14",                # 食品制造业 (of 13-15)
    "textiles": "17",            # 纺织业 (apparel is 18)
    "light_industry": "22",      # 造纸和纸制品业 (of 19-24, the largest of Shandong's light industry)
    "other": "41",               # 其他制造业
}
DIVISION_TO_OLD = {division: old for old, division in OLD_TO_DIVISION.items()}


def _map(apps, mapping, default):
    for name in ("Enterprise", "HistoricalEnterprise"):
        model = apps.get_model("accounts", name)
        for old in model.objects.values_list("industry", flat=True).distinct():
            model.objects.filter(industry=old).update(industry=mapping.get(old, default(old)))


def forward(apps, schema_editor):
    # A value already a division code (re-run) is kept; anything unknown becomes 41 其他制造业.
    _map(apps, OLD_TO_DIVISION, lambda old: old if len(old) == 2 and old.isdigit() else "41")


def backward(apps, schema_editor):
    _map(apps, DIVISION_TO_OLD, lambda old: "other")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_enterprise_city_district"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.AlterField(
            model_name='enterprise',
            name='industry',
            field=models.CharField(choices=portal.accounts.industries.division_choices, max_length=2, verbose_name='industry (GB/T 4754-2017 division)'),
        ),
        migrations.AlterField(
            model_name='historicalenterprise',
            name='industry',
            field=models.CharField(choices=portal.accounts.industries.division_choices, max_length=2, verbose_name='industry (GB/T 4754-2017 division)'),
        ),
    ]
