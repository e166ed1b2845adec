"""accounts 0006: the old closed list of industries is mapped to GB/T 4754-2017 divisions."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0005_enterprise_city_district")]
AFTER = [("accounts", "0007_branch_industries")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_maps_every_old_value_to_its_division():
    old_apps = _migrate(BEFORE)
    try:
        city = old_apps.get_model("accounts", "City").objects.get(code="370100")
        enterprise_model = old_apps.get_model("accounts", "Enterprise")
        old = ["petrochemical", "nonferrous", "tobacco", "automotive", "steel", "chemicals", "building_materials",
               "equipment", "electronics", "pharmaceuticals", "food", "textiles", "light_industry", "other"]
        for n, value in enumerate(old):
            enterprise_model.objects.create(credit_code=f"91370100MA{n:07d}X", name=value, city=city, industry=value,
                                            contact_name="张", contact_phone="0531-1", contact_email="a@example.com")
        new_apps = _migrate(AFTER)
        mapped = dict(new_apps.get_model("accounts", "Enterprise").objects.values_list("name", "industry"))
        assert mapped == {
            "petrochemical": "25", "nonferrous": "32", "tobacco": "16", "automotive": "36", "steel": "31",
            "chemicals": "26", "building_materials": "30", "equipment": "34", "electronics": "39",
            "pharmaceuticals": "27", "food": "14", "textiles": "17", "light_industry": "22", "other": "41",
        }
        # A petrochemical branch allowed before stays allowed: its division is seeded as open to branches.
        assert new_apps.get_model("accounts", "BranchIndustry").objects.filter(industry="25").exists()
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
