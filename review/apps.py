from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Screening and review")

    def ready(self):
        from tiers import quotas

        from . import permissions, reminders  # noqa: F401 - registers the rules, the reminders
        from .city import documents, filings, services  # noqa: F401 - the filing lifecycle, the audit verbs
        from .city import panels as city_panels  # noqa: F401 - the city's landing panels
        from .city import workflow as city_workflow
        from .province import objections  # noqa: F401 - the objection lifecycle
        from .province import panels as province_panels  # noqa: F401 - the province's landing panels
        from .province import workflow as province_workflow

        city_workflow.register_transitions()
        province_workflow.register_transitions()
        from .city import actions as city_actions  # noqa: F401 - how the city's transitions look
        from .city.quota import used_by_city, used_by_keys
        from .province import actions as province_actions  # noqa: F401 - how the province's transitions look

        quotas.register_used_counter(used_by_city, batch=used_by_keys)

        from applications import api as applications_api

        from .province import api as province_api

        applications_api.register_scores(province_api.scores_of)
