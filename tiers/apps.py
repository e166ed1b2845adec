from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiersConfig(AppConfig):
    name = "tiers"
    verbose_name = _("Tiers, rounds and quotas")

    def ready(self):
        from portal.accounts.constants import Role
        from portal.dashboards import register_panel

        from . import panels

        register_panel(Role.ADMIN, order=10)(panels.open_rounds_panel)
        register_panel(Role.CITY_OFFICIAL, order=50)(panels.city_quota_panel)
