from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    name = "portal.registers"
    label = "registers"
    verbose_name = _("Reference lists")

    def ready(self):
        from . import permissions, services  # noqa: F401 - registers the rules, the audit verbs
