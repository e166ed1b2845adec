from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from . import notifications, panels, permissions, workflow  # noqa: F401  (panel, rules, transitions, e-mail)
