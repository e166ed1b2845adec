from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # the notification e-mail handler, the landing panels, the security log's receivers
        from . import notifications, panels, security_log  # noqa: F401

        # the calendar's permission, audit verb and December reminder
        from .calendar import permissions, reminders, seeding  # noqa: F401
