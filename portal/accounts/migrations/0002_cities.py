"""The 16 prefecture-level cities of Shandong as reference data (Laiwu, 371200, merged into Jinan in 2019)."""
from django.db import migrations

CITIES = [
    ("370100", "济南", "Jinan"),
    ("370200", "青岛", "Qingdao"),
    ("370300", "淄博", "Zibo"),
    ("370400", "枣庄", "Zaozhuang"),
    ("370500", "东营", "Dongying"),
    ("370600", "烟台", "Yantai"),
    ("370700", "潍坊", "Weifang"),
    ("370800", "济宁", "Jining"),
    ("370900", "泰安", "Tai'an"),
    ("371000", "威海", "Weihai"),
    ("371100", "日照", "Rizhao"),
    ("371300", "临沂", "Linyi"),
    ("371400", "德州", "Dezhou"),
    ("371500", "聊城", "Liaocheng"),
    ("371600", "滨州", "Binzhou"),
    ("371700", "菏泽", "Heze"),
]


def create_cities(apps, schema_editor):
    City = apps.get_model("accounts", "City")
    for code, zh, en in CITIES:
        City.objects.update_or_create(
            code=code,
            defaults={"name_zh": zh, "name_en": en, "bureau_name": f"{zh}市工业和信息化局"},
        )


def remove_cities(apps, schema_editor):
    apps.get_model("accounts", "City").objects.filter(code__in=[c for c, _, _ in CITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_cities, remove_cities)]
