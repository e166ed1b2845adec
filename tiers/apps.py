from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_reference_data(sender, using="default", apps=None, **kwargs):
    """Load the tiers' reference data when the tables are empty after a migrate or a flush.

    Migration 0003 loads it once; a flush (what transactional and live-server tests end with) empties
    the tables and then sends post_migrate. Only an empty table is filled, so admins' edits to
    requirement texts and the scenario catalogue are never overwritten by a later migrate.
    """
    from django.db import connections

    from .reference_data import load

    if "tiers_tier" not in connections[using].introspection.table_names():
        return
    registry = apps or sender.apps
    if not registry.get_model("tiers", "Tier").objects.using(using).exists():
        load(registry)


class TiersConfig(AppConfig):
    name = "tiers"
    verbose_name = _("Tiers, rounds and quotas")

    def ready(self):
        post_migrate.connect(restore_reference_data, sender=self, dispatch_uid="tiers.restore_reference_data")
        from portal.accounts.constants import Role
        from portal.dashboards import register_panel

        from . import city_rounds, panels, scenario_import, services  # noqa: F401 - and the audit verbs

        register_panel(Role.ADMIN, order=10)(panels.open_rounds_panel)
        register_panel(Role.CITY_OFFICIAL, order=50)(panels.city_quota_panel)

