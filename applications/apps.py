from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        # panel, rules, transitions, e-mail, and stopping what a revoked title leaves without its prerequisite
        from . import notifications, panels, permissions, reminders, stopping, workflow  # noqa: F401
