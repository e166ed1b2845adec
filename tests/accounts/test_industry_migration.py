"""accounts 0006: the old closed list of industries is mapped to GB/T 4754-2017 divisions.

The migration's own functions run on rows held in memory: migrating the shared test database back to
accounts 0005 would unapply every migration that depends on it (most of the project) and leave the next
tests a database rebuilt under them."""
import importlib

from portal.accounts import industries

migration = importlib.import_module("portal.accounts.migrations.0006_gbt4754_industry")

OLD = ["petrochemical", "nonferrous", "tobacco", "automotive", "steel", "chemicals", "building_materials",
       "equipment", "electronics", "pharmaceuticals", "food", "textiles", "light_industry", "other"]


class Values(list):
    def distinct(self):
        return Values(dict.fromkeys(self))


class Rows:
    """What ``_map`` asks of a model's manager, over a list of dicts."""

    def __init__(self, rows):
        self.rows = rows

    def values_list(self, field, flat):
        return Values(row[field] for row in self.rows)

    def filter(self, industry):
        return Rows([row for row in self.rows if row["industry"] == industry])

    def update(self, industry):
        for row in self.rows:
            row["industry"] = industry


class Apps:
    def __init__(self, rows):
        self.models = {name: type(name, (), {"objects": Rows(rows[name])}) for name in rows}

    def get_model(self, app, name):
        return self.models[name]


def test_the_migration_maps_every_old_value_to_its_division():
    enterprises = [{"name": value, "industry": value} for value in OLD]
    history = [{"name": value, "industry": value} for value in OLD[:3]]
    migration.forward(Apps({"Enterprise": enterprises, "HistoricalEnterprise": history}), None)
    assert {row["name"]: row["industry"] for row in enterprises} == {
        "petrochemical": "25", "nonferrous": "32", "tobacco": "16", "automotive": "36", "steel": "31",
        "chemicals": "26", "building_materials": "30", "equipment": "34", "electronics": "39",
        "pharmaceuticals": "27", "food": "14", "textiles": "17", "light_industry": "22", "other": "41",
    }
    assert [row["industry"] for row in history] == ["25", "32", "16"]  # the history shows the new labels too
    assert all(industries.division(row["industry"]) is not None for row in enterprises)


def test_a_rerun_keeps_divisions_and_an_unknown_value_becomes_other_manufacturing():
    rows = [{"name": "a", "industry": "36"}, {"name": "b", "industry": "mystery"}]
    migration.forward(Apps({"Enterprise": rows, "HistoricalEnterprise": []}), None)
    assert [row["industry"] for row in rows] == ["36", "41"]


def test_going_back_restores_the_old_values():
    rows = [{"name": value, "industry": migration.OLD_TO_DIVISION[value]} for value in OLD] + [
        {"name": "x", "industry": "13"}]
    migration.backward(Apps({"Enterprise": rows, "HistoricalEnterprise": []}), None)
    assert [row["industry"] for row in rows] == OLD + ["other"]


def test_the_old_petrochemical_branches_stay_allowed(db):
    from portal.accounts.models import BranchIndustry

    assert BranchIndustry.objects.filter(industry=migration.OLD_TO_DIVISION["petrochemical"]).exists()
