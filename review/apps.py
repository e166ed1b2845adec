from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Screening and review")

    def ready(self):
        from . import panels, permissions  # noqa: F401 - register landing panels and rules
        from . import city_panels, city_workflow  # noqa: F401 - the city's transitions, quota counter and panel
        from tiers import quotas

        city_workflow.register_transitions()
        quotas.register_used_counter(city_workflow.used_by_city)
        from . import province_panels, province_workflow  # noqa: F401 - the province's transitions and panels

        checks.register(check_cjk_fonts, checks.Tags.compatibility)


def check_cjk_fonts(app_configs=None, **kwargs):
    """Without the CJK fonts certificates would render Chinese as boxes: refuse to start instead."""
    from portal.pdf import missing_cjk_fonts

    missing = missing_cjk_fonts()
    if not missing:
        return []
    return [checks.Error(
        f"Fonts for certificates are missing: {', '.join(missing)}",
        hint="Install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk).",
        id="review.E001",
    )]
