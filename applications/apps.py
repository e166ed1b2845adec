from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        # panel, rules, transitions, e-mail, stopping what a revoked title leaves without its prerequisite, and
        # the screening's receiver: a title granted during a credit case joins it
        from tiers import quotas

        from . import notifications, panels, permissions, reminders, screening, stopping, workflow  # noqa: F401
        from .selectors import self_assessment_counts

        quotas.register_assessment_counter(self_assessment_counts)  # Art. 12's second factor, from the records
